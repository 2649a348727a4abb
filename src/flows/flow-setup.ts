import { readFileSync } from "node:fs";
import { builtInCatalog } from "./catalog/built-in.js";
import type { ActionCatalog } from "./catalog/registry.js";
import { compileExpr } from "./conditions/index.js";
import type { FlowValidationContext } from "./definition/context.js";
import { dottedKey, formatFlowError } from "./definition/errors.js";
import { validateFlow } from "./definition/validate.js";
import { loadFlowsDir, mergeFlowSets } from "./definition/load-dir.js";
import type { FlowDefinition } from "./definition/schema.js";
import { createEngineServices } from "./engine/create-services.js";
import type { FlowDefLike, FlowEngine } from "./engine/orchestrate.js";
import { TRIGGER_TYPES } from "./engine/triggers.js";
import { defaultPolicy } from "./policy/default-policy.js";
import { parsePolicyYaml, type Policy } from "./policy/schema.js";
import { checkPolicyAgainstCatalog } from "./policy/check.js";

export interface FlowSetupOptions {
  /** The operator's flows folder; its flows replace built-in ones with the same id. */
  flowsDir?: string | undefined;
  policyFile?: string | undefined;
  /** A policy already read (a replay thread gets the server's); `policyFile` wins when both are given. */
  policy?: Policy;
  builtIn?: readonly FlowDefinition[];
  /** Per shop, the flow ids switched off. */
  disabled?: ReadonlyMap<string, ReadonlySet<string>>;
  catalog?: ActionCatalog;
}

export type FlowSetup =
  | {
      ok: true;
      engine: FlowEngine;
      catalog: ActionCatalog;
      policy: Policy;
      /** The definitions the engine runs: the built-in ones with the operator's in place of theirs. */
      definitions: readonly FlowDefinition[];
    }
  | { ok: false; errors: string[] };

/** What flow validation checks against: the engine's trigger types, the catalog, the CEL compiler. */
export function flowValidationContext(catalog: ActionCatalog): FlowValidationContext {
  return {
    triggerTypes: TRIGGER_TYPES,
    knownAction: (id) => catalog.has(id),
    actionIds: catalog.ids(),
    checkExpression: (src) => {
      const c = compileExpr(src);
      return c.ok ? null : c.message;
    },
  };
}

/** Loads the policy and the flows at boot; every problem is reported with its file, line and key. */
export function setUpFlows(opts: FlowSetupOptions): FlowSetup {
  const catalog = opts.catalog ?? builtInCatalog();
  let policy = opts.policy ?? defaultPolicy;
  if (opts.policyFile) {
    let text: string;
    try {
      text = readFileSync(opts.policyFile, "utf8");
    } catch (err) {
      return { ok: false, errors: [`${opts.policyFile}: cannot read the policy file (${err instanceof Error ? err.message : String(err)})`] };
    }
    const parsed = parsePolicyYaml(text, opts.policyFile);
    if (!parsed.ok) return { ok: false, errors: parsed.errors.length ? parsed.errors : [parsed.message] };
    policy = parsed.policy;
    // A typo in always_human would otherwise gate nothing, silently.
    const checked = checkPolicyAgainstCatalog(policy, catalog);
    if (!checked.ok) return { ok: false, errors: [`${opts.policyFile}: ${checked.message}`] };
  }
  let operator: FlowDefinition[] = [];
  if (opts.flowsDir) {
    const loaded = loadFlowsDir(opts.flowsDir, flowValidationContext(catalog));
    if (loaded.errors.length) return { ok: false, errors: loaded.errors.map(formatFlowError) };
    operator = loaded.flows;
  }
  // Built-in flows are checked as strictly as an operator's: against the catalog and the CEL compiler.
  const builtInErrors = (opts.builtIn ?? []).flatMap((f) => {
    const checked = validateFlow(f, flowValidationContext(catalog));
    return checked.ok ? [] : checked.problems.map((p) => `built-in flow ${f.id}: ${dottedKey(p.path)}: ${p.code} — ${p.message}`);
  });
  if (builtInErrors.length) return { ok: false, errors: builtInErrors };
  const definitions = mergeFlowSets(opts.builtIn ?? [], operator);
  const flows = definitions as unknown as FlowDefLike[];
  const disabled = opts.disabled ?? new Map();
  return {
    ok: true,
    catalog,
    policy,
    definitions,
    engine: { flows, services: createEngineServices(catalog, policy), enabledFor: (shop, flowId) => !disabled.get(shop)?.has(flowId) },
  };
}

/**
 * The engine with some flows changed: each of `changed` replaces the flow with its id, or joins
 * the set (a replay through a changed flow from the API). The catalog, the policy and the flows
 * switched off per shop stay the engine's.
 */
export function withChangedFlows(engine: FlowEngine, changed: readonly FlowDefinition[]): FlowEngine {
  return { ...engine, flows: mergeFlowSets(engine.flows, changed as unknown as FlowDefLike[]) };
}
