/**
 * One replay in a fresh process, as `firebreak replay` runs: the replay's code, its compiled
 * expressions and its memos all start cold. The replay benchmark spawns it with
 * `<sqlite file> <set: all|delivery> <from> <to>` and reads one line of JSON back.
 */
import { performance } from "node:perf_hooks";
import { openSqliteStore } from "../store/sqlite/open.js";
import { replay } from "../flows/replay/replay.js";
import { REPLAY_SETS, depsOf, engineOf, type ReplaySetId } from "./replay-sets.js";

const [file, setId, from, to] = process.argv.slice(2);
if (!file || !setId || !(setId in REPLAY_SETS) || !from || !to) {
  process.stderr.write("usage: replay-once <sqlite file> <all|delivery> <from> <to>\n");
  process.exit(2);
}
const engine = engineOf(setId as ReplaySetId);
const source = await openSqliteStore({ file });
try {
  const r = await replay({ source, from, to, ...depsOf(engine), engine });
  process.stdout.write(
    `${JSON.stringify({
      durationMs: r.durationMs,
      phasesMs: r.phasesMs,
      eventsReplayed: r.eventsReplayed,
      differences: r.summary.added + r.summary.removed + r.summary.changed,
      // From the process's start: what an operator waits for, module loading included.
      processMs: performance.now(),
    })}\n`,
  );
} finally {
  await source.close();
}
