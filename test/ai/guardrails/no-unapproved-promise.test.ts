import { describe, expect, it } from "vitest";
import { findPromises } from "../../../src/ai/guardrails/promises.js";
import { noUnapprovedPromise } from "../../../src/ai/guardrails/no-unapproved-promise.js";
import type { PromiseKind } from "../../../src/ai/drafts/draft-context.js";
import { context, draft } from "../builders.js";

const check = (text: string, approved: PromiseKind[] = []) =>
  noUnapprovedPromise(draft(text), context({ approvedActions: approved.map((kind, i) => ({ id: `a${i}`, kind, summary: kind })) }));

describe("no-unapproved-promise", () => {
  it.each<[PromiseKind, string]>([
    ["refund", "We'll refund your order today."],
    ["refund", "I have issued a full refund to your card."],
    ["refund", "Your refund has been processed."],
    ["refund", "You will receive your money back within a few days."],
    ["refund", "Your refund of $142.00 will be issued tomorrow."],
    ["refund", "A full refund is being processed now."],
    ["replacement", "Your replacement is on the way."],
    ["store_credit", "We've added $20 of store credit to your account."],
    ["discount", "Here's a discount code for 20% off your next order."],
    ["discount", "Use code SORRY15 at checkout."],
    ["reship", "We will reship your order at no cost."],
    ["reship", "I'll send you a new one right away."],
    ["replacement", "We're sending a replacement today. It is on its way."],
    ["exception", "We can make an exception and extend your return window."],
    ["exception", "I've waived the return shipping fee as a courtesy."],
  ])("fails a %s promise with no approved action: %s", (kind, text) => {
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain(kind);
    expect(r.offending.join(" ")).toContain(text.split(".")[0]);
  });

  it("passes the same promise when an approved action of that kind exists", () => {
    expect(check("We'll refund your order today.", ["refund"]).ok).toBe(true);
    expect(check("I'll send you a new one right away.", ["replacement"]).ok).toBe(true);
  });

  it("an approved action of another kind does not cover it", () => {
    expect(check("We'll refund your order today.", ["discount"]).ok).toBe(false);
  });

  it.each([
    "Refunds are issued to the original payment method within 5-7 business days after your return arrives at our warehouse and is inspected.",
    "Once your return arrives and is inspected, we'll refund the original payment method.",
    "We can't offer a refund on final sale items.",
    "I'm not able to promise a replacement, but a teammate will look into it.",
    "Exchanges for a different size or colour are free.",
    "Your parcel is on its way with UPS.",
    "Please enter your credit card details at checkout.",
  ])("is not fooled into flagging policy, refusals or status: %s", (text) => {
    expect(findPromises(text)).toEqual([]);
    expect(check(text).ok).toBe(true);
  });
});
