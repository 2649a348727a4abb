import { describe, expect, it } from "vitest";
import { approvalFactsFromContext } from "../../../src/flows/policy/facts.js";

describe("approvalFactsFromContext", () => {
  it("reads the order total (double or Shopify decimal string), tags, lifetime value and risk", () => {
    expect(approvalFactsFromContext({ order: { total_price: 404.95, risk_score: 0.2 }, customer: { tags: ["vip"], lifetime_value: 1200 } })).toEqual({
      orderValue: 404.95,
      customerLifetimeValue: 1200,
      riskScore: 0.2,
      customerTags: ["vip"],
      triage: null,
    });
    expect(approvalFactsFromContext({ order: { total_price: "199.00" }, customer: { tags: "vip, wholesale ", total_spent: "850.10" } })).toEqual({
      orderValue: 199,
      customerLifetimeValue: 850.1,
      riskScore: null,
      customerTags: ["vip", "wholesale"],
      triage: null,
    });
  });

  it("is unknown where the context has nothing usable", () => {
    expect(approvalFactsFromContext({ order: { total_price: null }, customer: null })).toEqual({ orderValue: null, customerLifetimeValue: null, riskScore: null, customerTags: [], triage: null });
    expect(approvalFactsFromContext({ order: { total_price: "" } }).orderValue).toBeNull();
  });

  it("reads the triage a draft reply answers, as flows see it", () => {
    const triage = { classification: { intent: "shipping/status", confidence: 0.93 }, draft: { offered: true }, human_reasons: [] };
    expect(approvalFactsFromContext({ triage }).triage).toEqual({ intent: "shipping/status", confidence: 0.93, draftOffered: true, humanReasons: [] });
    expect(approvalFactsFromContext({ triage: { classification: { intent: 3 } } }).triage).toBeNull();
  });
});
