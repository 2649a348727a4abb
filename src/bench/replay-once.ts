/**
 * One replay in a fresh process, as `firebreak replay` runs: the replay's code, its compiled
 * expressions and its memos all start cold. The replay benchmark spawns it with
 * `<sqlite file> <set: all|delivery> <from> <to> [threads]` and reads one line of JSON back. With
 * more than one thread, helper threads take chunks of the replay as the CLI's `--threads` does.
 */
import { performance } from "node:perf_hooks";
import { openSqliteStore } from "../store/sqlite/open.js";
import { replay } from "../flows/replay/replay.js";
import { dirname } from "node:path";
import { REPLAY_SETS, depsOf, setupOf, type ReplaySetId } from "./replay-sets.js";
import { compiledReplayHelperWorker, replayHelperThreads } from "../server/replay-helpers.js";

const [file, setId, from, to, threadsArg] = process.argv.slice(2);
if (!file || !setId || !(setId in REPLAY_SETS) || !from || !to) {
  process.stderr.write("usage: replay-once <sqlite file (firebreak.db in its data folder)> <all|delivery> <from> <to> [threads]\n");
  process.exit(2);
}
const setup = setupOf(setId as ReplaySetId);
const engine = setup.engine;
const threads = Number(threadsArg ?? 1);
const workerUrl = compiledReplayHelperWorker();
const helpers = threads > 1 && workerUrl ? replayHelperThreads({ store: { kind: "sqlite", dataDir: dirname(file) }, flows: setup.definitions, policy: setup.policy, disabled: [], settings: [] }, threads - 1, workerUrl) : null;
const source = await openSqliteStore({ file });
try {
  const r = await replay({ source, from, to, ...depsOf(engine), engine, helpers: helpers?.helpers ?? [] });
  process.stdout.write(
    `${JSON.stringify({
      durationMs: r.durationMs,
      phasesMs: r.phasesMs,
      eventsReplayed: r.eventsReplayed,
      differences: r.summary.added + r.summary.removed + r.summary.changed,
      threads: r.threads,
      // From the process's start: what an operator waits for, module loading included.
      processMs: performance.now(),
    })}\n`,
  );
} finally {
  await helpers?.close();
  await source.close();
}
