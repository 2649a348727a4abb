import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ChunkOutcome, ChunkRequest, ReplayHelper } from "../flows/replay/replay.js";
import type { ReplayThreadSpec } from "./replay-spec.js";
import { compiledBeside, PendingCalls, type ThreadAnswer } from "./thread-calls.js";

export type ToReplayHelper = { type: "chunk"; id: number; request: ChunkRequest } | { type: "close" };
export type FromReplayHelper = ThreadAnswer<ChunkOutcome>;

/** The compiled helper entry beside this file; null when running from the TypeScript sources (the tests), which have none. */
export const compiledReplayHelperWorker = (): URL | null => compiledBeside("./replay-helper-worker.js", import.meta.url);

/**
 * Threads a replay uses when not told (this thread is one of them): half the cores. A fresh process
 * spends much of a replay compiling its code and collecting garbage, which V8 does on threads of
 * its own; on this project's 2-core machines a second replay thread took that core from them and
 * a cold replay ran slower (BENCHMARKS.md), while a warm one ran about 1.35× faster.
 */
export const defaultReplayThreads = (cores = availableParallelism()): number => Math.max(1, Math.floor(cores / 2));

export interface ReplayHelperThreads {
  helpers: ReplayHelper[];
  /** Ends every thread: each finishes its chunk and exits (stopped after five seconds if it does not). */
  close(): Promise<void>;
}

/**
 * `count` threads that replay chunks of a replay's groups beside the caller's own thread, each
 * with the flows, policy and settings of `spec` and no store (each chunk brings reality's
 * records). They start at once, so their modules load while the caller reads the window. For one
 * replay (the CLI's): closed when it ends.
 */
export function replayHelperThreads(spec: ReplayThreadSpec, count: number, workerUrl: URL): ReplayHelperThreads {
  const threads = Array.from({ length: Math.max(0, count) }, () => helperThread(spec, workerUrl));
  return { helpers: threads.map((t) => t.helper), close: async () => void (await Promise.all(threads.map((t) => t.close()))) };
}

function helperThread(spec: ReplayThreadSpec, workerUrl: URL): { helper: ReplayHelper; close(): Promise<void> } {
  const worker = new Worker(workerUrl, { workerData: spec });
  let gone: Error | null = null;
  const pending = new PendingCalls<ChunkOutcome>();
  const fail = (err: Error) => {
    gone ??= err;
    pending.failAll(err);
  };
  worker.on("message", (m: FromReplayHelper) => void pending.settle(m));
  worker.on("error", (err) => fail(err));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.once("exit", (code) => fail(new Error(`a replay helper thread stopped (exit code ${code}) before it answered`)));

  return {
    helper: {
      run(request) {
        if (gone) return Promise.reject(gone);
        return pending.add((id) => worker.postMessage({ type: "chunk", id, request } satisfies ToReplayHelper));
      },
    },
    async close() {
      if (gone) return;
      // Chunks still in flight belong to a replay that failed elsewhere: nothing is waited for.
      if (pending.size > 0) {
        fail(new Error("the replay ended before this helper answered"));
        await worker.terminate();
        return;
      }
      worker.postMessage({ type: "close" } satisfies ToReplayHelper);
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
