/**
 * A replay helper thread's entry (see replay-helpers.ts): rebuilds the flows from plain data and
 * answers one chunk per message. It opens no store: each chunk comes with reality's records, read
 * in the replay's view, and the replay's thread reads the runs that explain a difference there too.
 */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { replayChunk } from "../flows/replay/chunk.js";
import type { FromReplayHelper, ToReplayHelper } from "./replay-helpers.js";
import { replayDepsOf, type ReplayThreadSpec } from "./replay-spec.js";
import { errorToWire } from "./thread-calls.js";

const port = parentPort!;
const spec = workerData as ReplayThreadSpec;
const { engine, rules, settingsFor } = replayDepsOf(spec, "a replay helper thread");
const decide = { settingsFor, rules, flows: engine, decide: true };

// One chunk at a time, in the order they came: the caller hands over the next before this one is done, so none waits for it.
let queue: Promise<unknown> = Promise.resolve();

port.on("message", (m: ToReplayHelper) => {
  if (m.type === "close") {
    void queue.finally(() => port.close());
    return;
  }
  queue = queue
    .then(() => replayChunk(m.request, { decide, elapsed: () => performance.now() }))
    .then(
      (result): FromReplayHelper => ({ id: m.id, ok: true, result }),
      (err: unknown): FromReplayHelper => ({ id: m.id, ok: false, error: errorToWire(err) }),
    )
    .then((answer) => port.postMessage(answer));
});
