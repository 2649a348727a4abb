import type { ChunkOutcome, ChunkRequest } from "./chunk.js";

/**
 * Another thread that replays chunks through the same flows, rules and settings, each chunk with
 * reality's records for it (read in the replay's view; the thread opens no store):
 * server/replay-helpers.ts. Chunks share nothing, so which thread replays which changes nothing
 * in the result.
 */
export interface ReplayHelper {
  run(request: ChunkRequest): Promise<ChunkOutcome>;
}

/** Chunks a helper holds at once: one to work on and the next, so it never waits for this thread to hand it one. */
const HELPER_DEPTH = 2;

/**
 * Every chunk replayed once, by this thread (`local`) or a helper, each taking the next chunk when
 * it is free; outcomes in chunk order, whoever replayed them. `local` must give the event loop a
 * turn now and then (replayChunk's `afterGroup`), or a helper's answer waits until it is done.
 */
export async function runLanes<C>(chunks: readonly C[], local: (chunk: C) => Promise<ChunkOutcome>, helpers: ReadonlyArray<(chunk: C) => Promise<ChunkOutcome>>): Promise<ChunkOutcome[]> {
  const out: ChunkOutcome[] = new Array<ChunkOutcome>(chunks.length);
  let next = 0;
  // Once a lane fails the replay fails: the others take no further chunk.
  let failed = false;
  const take = (): number => (!failed && next < chunks.length ? next++ : -1);
  const lane = async (run: (chunk: C) => Promise<ChunkOutcome>): Promise<void> => {
    try {
      for (let i = take(); i >= 0; i = take()) out[i] = await run(chunks[i]!);
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  const helperLane = (run: (chunk: C) => Promise<ChunkOutcome>) => Promise.all(Array.from({ length: HELPER_DEPTH }, () => lane(run)));
  await Promise.all([lane(local), ...helpers.map(helperLane)]);
  return out;
}
