import type { ActionCatalog } from "../catalog/registry.js";
import { ActionCategory } from "../catalog/action.js";
import type { Policy } from "./schema.js";

export type PolicyCheck = { ok: true } | { ok: false; code: "POLICY_UNKNOWN_ACTION"; message: string };

/**
 * A policy checked against the catalog at boot: an `always_human` action id that no action has
 * (a typo, or a connector not loaded) would otherwise gate nothing, silently.
 */
export function checkPolicyAgainstCatalog(policy: Policy, catalog: ActionCatalog): PolicyCheck {
  const categories: readonly string[] = ActionCategory.options;
  const unknown = policy.always_human.filter((entry) => !categories.includes(entry) && !catalog.has(entry));
  if (unknown.length === 0) return { ok: true };
  return {
    ok: false,
    code: "POLICY_UNKNOWN_ACTION",
    message: `always_human names ${unknown.map((u) => `"${u}"`).join(", ")}, which no action in the catalog has (known: ${catalog.ids().join(", ")})`,
  };
}
