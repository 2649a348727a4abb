import { describe, expect, it } from "vitest";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";
import { checkPolicyAgainstCatalog } from "../../../src/flows/policy/check.js";
import { defaultPolicy } from "../../../src/flows/policy/default-policy.js";
import { Policy } from "../../../src/flows/policy/schema.js";

describe("checkPolicyAgainstCatalog", () => {
  const catalog = builtInCatalog();

  it("accepts categories and known action ids", () => {
    expect(checkPolicyAgainstCatalog(defaultPolicy, catalog)).toEqual({ ok: true });
    expect(checkPolicyAgainstCatalog(Policy.parse({ always_human: ["order_change", "notify.customer"] }), catalog)).toEqual({ ok: true });
  });

  it("names an action id no action has: it would gate nothing", () => {
    const r = checkPolicyAgainstCatalog(Policy.parse({ always_human: ["refund", "shopify.refunds", "klaviyo.event"] }), catalog);
    expect(r).toEqual({
      ok: false,
      code: "POLICY_UNKNOWN_ACTION",
      message: `always_human names "shopify.refunds", "klaviyo.event", which no action in the catalog has (known: ${catalog.ids().join(", ")})`,
    });
  });
});
