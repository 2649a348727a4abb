/**
 * The replay thread's entry (see replay-thread.ts): rebuilds the server's flows from plain data,
 * opens its own connection to the store on the first replay, and answers one replay per message.
 */
import { parentPort, workerData } from "node:worker_threads";
import { inProcessReplayRunner, type ReplayRunner } from "../flows/replay/runner.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/port.js";
import type { FromReplayThread, ToReplayThread } from "./replay-thread.js";
import { replayDepsOf, type ReplayThreadSpec } from "./replay-spec.js";
import { errorToWire } from "./thread-calls.js";

const port = parentPort!;
const spec = workerData as ReplayThreadSpec;
const deps = replayDepsOf(spec, "the replay thread");

let opened: Promise<{ store: Store; runner: ReplayRunner }> | null = null;
const open = () =>
  (opened ??= openStore(spec.store).then(
    (store) => ({ store, runner: inProcessReplayRunner({ source: store, ...deps }) }),
    (err: unknown) => {
      opened = null;
      throw err;
    },
  ));

port.on("message", (m: ToReplayThread) => {
  if (m.type === "close") {
    void (opened ?? Promise.resolve(null))
      .then((o) => o?.store.close())
      .catch(() => {})
      .finally(() => port.close());
    return;
  }
  void open()
    .then(({ runner }) => runner.run(m.request))
    .then(
      (result): FromReplayThread => ({ id: m.id, ok: true, result }),
      (err: unknown): FromReplayThread => ({ id: m.id, ok: false, error: errorToWire(err) }),
    )
    .then((answer) => port.postMessage(answer));
});
