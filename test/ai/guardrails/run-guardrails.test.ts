import { describe, expect, it } from "vitest";
import { GUARDRAILS, runGuardrails } from "../../../src/ai/guardrails/run-guardrails.js";
import { context, draft } from "../builders.js";

describe("runGuardrails", () => {
  it("runs every guardrail, each with a name and a reason", () => {
    const results = runGuardrails(draft("Your parcel is on its way with UPS."), context());
    expect(results.map((r) => r.name)).toEqual(["facts-match", "no-unapproved-promise", "policy-grounded", "no-instructions-followed", "llm-request-redacted"]);
    expect(results.every((r) => r.ok && r.reason.length > 0)).toBe(true);
    expect(results).toHaveLength(GUARDRAILS.length);
  });

  it("does not stop at the first failure: a draft with a wrong date and a refund promise fails both", () => {
    const results = runGuardrails(draft("It arrives March 9, and we'll refund your shipping."), context({ message: "Refund my shipping." }));
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual(["facts-match", "no-unapproved-promise", "no-instructions-followed"]);
  });
});
