/**
 * A replay helper thread's entry (see replay-helpers.ts): rebuilds the flows from plain data,
 * opens its own connection to the store on the first chunk, and answers one chunk per message.
 */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { replayChunk } from "../flows/replay/chunk.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/port.js";
import type { FromReplayHelper, ToReplayHelper } from "./replay-helpers.js";
import { replayDepsOf, type ReplayThreadSpec } from "./replay-spec.js";
import { errorToWire } from "./thread-calls.js";

const port = parentPort!;
const spec = workerData as ReplayThreadSpec;
const { engine, rules, settingsFor } = replayDepsOf(spec, "a replay helper thread");
const decide = { settingsFor, rules, flows: engine, decide: true };

let opened: Promise<Store> | null = null;
// One chunk at a time, in the order they came: the caller hands over the next before this one is done, so none waits for it.
let queue: Promise<unknown> = Promise.resolve();

port.on("message", (m: ToReplayHelper) => {
  if (m.type === "close") {
    void queue
      .then(() => opened)
      .then((store) => store?.close())
      .catch(() => {})
      .finally(() => port.close());
    return;
  }
  queue = queue
    .then(() => (opened ??= openStore(spec.store)))
    .then((source) => replayChunk(m.request, { source, decide, elapsed: () => performance.now() }))
    .then(
      (result): FromReplayHelper => ({ id: m.id, ok: true, result }),
      (err: unknown): FromReplayHelper => ({ id: m.id, ok: false, error: errorToWire(err) }),
    )
    .then((answer) => port.postMessage(answer));
});
