import { describe, expect, it } from "vitest";
import { policyGrounded } from "../../../src/ai/guardrails/policy-grounded.js";
import { context, draft, passageById } from "../builders.js";

const returns = context({
  intent: "return/policy",
  passages: [passageById("returns-policy#return-window"), passageById("returns-policy#return-shipping-fee"), passageById("returns-policy#refunds")],
});
const check = (text: string, c = returns, passagesUsed: string[] = []) => policyGrounded(draft(text, { passagesUsed }), c);

describe("policy-grounded", () => {
  it("passes policy stated as the passages state it, in other words too", () => {
    expect(check("You can return items within 30 days of delivery.").ok).toBe(true);
    expect(check("You have thirty days from delivery to return items, as long as they are unworn and unwashed.").ok).toBe(true);
    expect(check("A prepaid USPS return label costs $6.95, deducted from your refund.").ok).toBe(true);
    expect(check("Refunds go back to the original payment method within 5-7 business days of the return arriving.").ok).toBe(true);
  });

  it.each([
    ["a longer window than the passage", "We offer 90-day returns on everything."],
    ["the window spelled out wrong", "You can return items within ninety days of delivery."],
    ["a fee the passages do not state", "Return shipping costs $9.95."],
    ["a refund time the passages do not state", "Refunds are issued within 2 business days."],
    ["a rule on a topic no passage covers", "Sale items are eligible for returns within 30 days under our policy, even if worn."],
    ["an invented restocking fee", "A 15% restocking fee applies to all returns."],
  ])("fails %s", (_, text) => {
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.offending).toEqual([text]);
    expect(r.reason).toContain("returns-policy#return-window");
  });

  it("fails policy when nothing was retrieved", () => {
    expect(check("You can return items within 30 days of delivery.", context({ passages: [] })).ok).toBe(false);
  });

  it("fails a draft citing a passage that was not retrieved", () => {
    const r = check("Thanks for your message.", returns, ["returns-policy#secret-vip-policy"]);
    expect(r).toMatchObject({ ok: false, offending: ["returns-policy#secret-vip-policy"] });
  });

  it("leaves order facts to facts-match: status sentences with dates are not policy", () => {
    expect(check("Your parcel is on its way with UPS. The carrier's estimated delivery date is Tuesday, March 3.").ok).toBe(true);
  });
});
