/**
 * A replay helper thread's entry (see replay-helpers.ts): rebuilds the flows from plain data,
 * opens its own connection to the store on the first chunk, and answers one chunk per message.
 */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { defaultShopSettings } from "../core/settings.js";
import { setUpFlows } from "../flows/flow-setup.js";
import { replayChunk } from "../flows/replay/chunk.js";
import { builtInRules } from "../layers/built-in.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/port.js";
import type { ReplayThreadSpec } from "./replay-thread.js";
import type { FromReplayHelper, ToReplayHelper } from "./replay-helpers.js";

const port = parentPort!;
const spec = workerData as ReplayThreadSpec;
const setup = setUpFlows({ builtIn: spec.flows, policy: spec.policy, disabled: new Map(spec.disabled.map(([shop, ids]) => [shop, new Set(ids)])) });
// The caller loaded these same flows; failing here is a bug, and the 'error' event tells the caller.
if (!setup.ok) throw new Error(`a replay helper could not load the replay's flows:\n${setup.errors.join("\n")}`);
const settings = new Map(spec.settings);
const decide = { settingsFor: (shop: string) => settings.get(shop) ?? defaultShopSettings, rules: builtInRules, flows: setup.engine, decide: true };

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
      (outcome): FromReplayHelper => ({ id: m.id, ok: true, outcome }),
      (err: unknown): FromReplayHelper => ({ id: m.id, ok: false, error: err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) } }),
    )
    .then((answer) => port.postMessage(answer));
});
