/**
 * The replay thread's entry (see replay-thread.ts): rebuilds the server's flows from plain data,
 * opens its own connection to the store on the first replay, and answers one replay per message.
 */
import { parentPort, workerData } from "node:worker_threads";
import { defaultShopSettings } from "../core/settings.js";
import { setUpFlows } from "../flows/flow-setup.js";
import { inProcessReplayRunner, type ReplayRunner } from "../flows/replay/runner.js";
import { builtInRules } from "../layers/built-in.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/port.js";
import type { FromReplayThread, ReplayThreadSpec, ToReplayThread } from "./replay-thread.js";

const port = parentPort!;
const spec = workerData as ReplayThreadSpec;
const setup = setUpFlows({ builtIn: spec.flows, policy: spec.policy, disabled: new Map(spec.disabled.map(([shop, ids]) => [shop, new Set(ids)])) });
// The server loaded these same flows at boot; failing here is a bug, and the 'error' event tells the server.
if (!setup.ok) throw new Error(`the replay thread could not load the server's flows:\n${setup.errors.join("\n")}`);
const settings = new Map(spec.settings);

let opened: Promise<{ store: Store; runner: ReplayRunner }> | null = null;
const open = () =>
  (opened ??= openStore(spec.store).then(
    (store) => ({ store, runner: inProcessReplayRunner({ source: store, engine: setup.engine, rules: builtInRules, settingsFor: (shop) => settings.get(shop) ?? defaultShopSettings }) }),
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
      (err: unknown): FromReplayThread => ({ id: m.id, ok: false, error: err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) } }),
    )
    .then((answer) => port.postMessage(answer));
});
