import { defaultShopSettings, type ShopSettings } from "../core/settings.js";
import { setUpFlows } from "../flows/flow-setup.js";
import type { FlowDefinition } from "../flows/definition/schema.js";
import type { FlowEngine } from "../flows/engine/orchestrate.js";
import type { Policy } from "../flows/policy/schema.js";
import type { Rule } from "../flows/rule.js";
import { builtInRules } from "../layers/built-in.js";
import type { StoreConfig } from "../store/open-store.js";
import type { Config } from "../config/schema.js";
import { storeConfigOf } from "../config/store-config.js";

/**
 * What a replay thread (or a replay helper thread) rebuilds a replay from. Plain data, since a
 * thread shares no objects: the store to open (its own connection, as `firebreak replay` opens one
 * beside a running server; a helper thread opens none), the flows and policy as they were loaded (not the folder again, which
 * may have changed since), the flows switched off per shop, and each shop's settings.
 */
export interface ReplayThreadSpec {
  store: StoreConfig;
  flows: readonly FlowDefinition[];
  policy: Policy;
  disabled: ReadonlyArray<readonly [string, readonly string[]]>;
  settings: ReadonlyArray<readonly [string, ShopSettings]>;
}

/** The spec of a configuration and the flows loaded from it: what the server and the CLI hand their threads. */
export function replaySpecOf(config: Config, flows: { definitions: readonly FlowDefinition[]; policy: Policy }): ReplayThreadSpec {
  return {
    store: storeConfigOf(config),
    flows: flows.definitions,
    policy: flows.policy,
    disabled: config.shops.map((s) => [s.domain, s.disabledFlows] as const),
    settings: config.shops.map((s) => [s.domain, s.settings] as const),
  };
}

/**
 * The engine, rules and settings a spec describes, in the thread that received it. The sender
 * loaded these same flows, so failing here is a bug: it throws, and the thread's 'error' event
 * tells the sender (`who` says which thread).
 */
export function replayDepsOf(spec: ReplayThreadSpec, who: string): { engine: FlowEngine; rules: readonly Rule[]; settingsFor(shop: string): ShopSettings } {
  const setup = setUpFlows({ builtIn: spec.flows, policy: spec.policy, disabled: new Map(spec.disabled.map(([shop, ids]) => [shop, new Set(ids)])) });
  if (!setup.ok) throw new Error(`${who} could not load the replay's flows:\n${setup.errors.join("\n")}`);
  const settings = new Map(spec.settings);
  return { engine: setup.engine, rules: builtInRules, settingsFor: (shop) => settings.get(shop) ?? defaultShopSettings };
}
