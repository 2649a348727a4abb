/**
 * The two sets of flows the replay benchmark measures, shared by the benchmark and the child
 * process that replays once in a fresh process (replay-once.ts), so both replay through the same.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultShopSettings } from "../core/settings.js";
import { setUpFlows, type FlowSetup } from "../flows/flow-setup.js";
import type { FlowEngine } from "../flows/engine/orchestrate.js";
import { builtInFlows, builtInRules } from "../layers/built-in.js";
import { deliveryFlows } from "../layers/delivery/flows.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const REPLAY_SETS = {
  all: { name: "every built-in flow + the example flows", flowsDir: join(root, "examples", "flows"), builtIn: builtInFlows },
  // The automation the flows issue turned into flows: the delay notice and hold, the exception alert and escalation, the hold release.
  delivery: { name: "the delivery flows", flowsDir: undefined, builtIn: deliveryFlows },
} as const;

export type ReplaySetId = keyof typeof REPLAY_SETS;

/** The set loaded as the server loads its flows (the engine, and the definitions and policy a replay thread is given). */
export function setupOf(id: ReplaySetId): Extract<FlowSetup, { ok: true }> {
  const set = setUpFlows({ flowsDir: REPLAY_SETS[id].flowsDir, builtIn: REPLAY_SETS[id].builtIn });
  if (!set.ok) throw new Error(set.errors.join("\n"));
  return set;
}

export const engineOf = (id: ReplaySetId): FlowEngine => setupOf(id).engine;

/** What a replay (and the live history it is compared with) runs besides the flows. */
export const depsOf = (engine: FlowEngine) => ({ settingsFor: () => defaultShopSettings, rules: builtInRules, flows: engine, decide: true });
