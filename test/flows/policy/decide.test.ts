import { describe, expect, it } from "vitest";
import type { ActionDefinition } from "../../../src/flows/catalog/action.js";
import { approvalRequirement, type ApprovalFacts } from "../../../src/flows/policy/decide.js";
import { defaultPolicy } from "../../../src/flows/policy/default-policy.js";
import { Policy } from "../../../src/flows/policy/schema.js";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";

type Action = Pick<ActionDefinition, "id" | "category" | "approval">;
const notify: Action = { id: "notify.customer", category: "notification", approval: "policy" };
const refund: Action = { id: "shopify.refund", category: "refund", approval: "policy" };

const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({ orderValue: 42, customerLifetimeValue: 120, riskScore: 0.1, customerTags: [], triage: null, ...over });
const thresholds = Policy.parse({ review_thresholds: { order_value: 300, customer_lifetime_value: 1000 } });
const all = Policy.parse({ review_thresholds: { order_value: 300, customer_lifetime_value: 1000, risk_score: 0.7 }, never_automatic_for: { customer_tags: ["VIP", "wholesale"] } });

describe("approvalRequirement", () => {
  it.each<[string, Action, ApprovalFacts, Policy, boolean, string[]]>([
    ['an "always" action, whatever the policy says', { ...refund, approval: "always" }, facts(), Policy.parse({ always_human: [] }), true, ["shopify.refund always needs a human (action approval: always)"]],
    ['a "never" action, whatever the policy says', { id: "review.escalation", category: "review", approval: "never" }, facts({ orderValue: 9999 }), Policy.parse({ always_human: ["review"] }), false, ["review.escalation never waits for a human (action approval: never)"]],
    ["a category in always_human", refund, facts(), defaultPolicy, true, ["refund actions always need a human (policy always_human: refund)"]],
    ["an action id in always_human", notify, facts(), Policy.parse({ always_human: ["notify.customer"] }), true, ["notify.customer always needs a human (policy always_human: notify.customer)"]],
    ["both its id and its category", refund, facts(), Policy.parse({ always_human: ["refund", "shopify.refund"] }), true, ["shopify.refund always needs a human (policy always_human: shopify.refund)", "refund actions always need a human (policy always_human: refund)"]],
    ["an order value at the threshold", notify, facts({ orderValue: 300 }), thresholds, true, ["order value 300 >= review threshold 300"]],
    ["an order value above the threshold", notify, facts({ orderValue: 404.95 }), thresholds, true, ["order value 404.95 >= review threshold 300"]],
    ["a customer lifetime value above the threshold", notify, facts({ customerLifetimeValue: 2500 }), thresholds, true, ["customer lifetime value 2500 >= review threshold 1000"]],
    ["a risk score above the threshold", notify, facts({ riskScore: 0.85 }), all, true, ["risk score 0.85 >= review threshold 0.7"]],
    ["a tagged customer (tags match case-insensitively)", notify, facts({ customerTags: ["vip", "newsletter"] }), all, true, ["the customer is tagged VIP, which never gets automatic actions (policy never_automatic_for.customer_tags: VIP)"]],
    [
      "several reasons at once, all of them",
      notify,
      facts({ orderValue: 404.95, riskScore: 0.9, customerTags: ["Wholesale"] }),
      Policy.parse({ ...all, always_human: ["notification"] }),
      true,
      [
        "notification actions always need a human (policy always_human: notification)",
        "the customer is tagged wholesale, which never gets automatic actions (policy never_automatic_for.customer_tags: wholesale)",
        "order value 404.95 >= review threshold 300",
        "risk score 0.9 >= review threshold 0.7",
      ],
    ],
    ["below every threshold", notify, facts(), thresholds, false, ["below every review threshold (order value 42 < 300; customer lifetime value 120 < 1000)"]],
    [
      "an unknown fact is not checked, and says so",
      notify,
      facts({ riskScore: null }),
      all,
      false,
      ["below every review threshold that could be checked (order value 42 < 300; customer lifetime value 120 < 1000)", "risk score unknown: review threshold 0.7 not applied"],
    ],
    ["every fact unknown", notify, facts({ orderValue: null, customerLifetimeValue: null }), thresholds, false, ["order value unknown: review threshold 300 not applied", "customer lifetime value unknown: review threshold 1000 not applied"]],
    ["no threshold set and not listed", notify, facts({ orderValue: 99999 }), defaultPolicy, false, ["no policy rule holds notify.customer (not in always_human, no review threshold set)"]],
    ["the default policy lets a customer notice through", notify, facts({ orderValue: 404.95, customerTags: ["vip"] }), defaultPolicy, false, ["no policy rule holds notify.customer (not in always_human, no review threshold set)"]],
  ])("%s", (_what, action, f, policy, required, reasons) => {
    const r = approvalRequirement(action, f, policy);
    expect(r.reasons).toEqual(reasons);
    expect(r.required).toBe(required);
  });

  it("records the threshold comparisons it made, in the decisions' shape", () => {
    const r = approvalRequirement(notify, facts({ orderValue: 404.95, riskScore: null }), all);
    expect(r.comparisons).toEqual([
      { subject: "order value", actual: 404.95, op: ">=", expected: 300, result: true, text: "order value is 404.95, expected >= 300" },
      { subject: "customer lifetime value", actual: 120, op: ">=", expected: 1000, result: false, text: "customer lifetime value is 120, expected >= 1000" },
    ]);
  });

  it("with the built-in catalog and the default policy: money always waits, notices and alerts do not", () => {
    const catalog = builtInCatalog();
    const required = catalog.list().filter((a) => approvalRequirement(a, facts({ orderValue: 404.95 }), defaultPolicy).required).map((a) => a.id).sort();
    expect(required).toEqual(["discount.create", "helpdesk.reply", "retention.offer", "shopify.refund", "shopify.reship", "store.credit"]);
  });
});

describe("replies to customers (auto_send_replies)", () => {
  const reply: Action = { id: "helpdesk.reply", category: "ticket_reply", approval: "policy" };
  const triage = { intent: "shipping/status", confidence: 0.97, draftOffered: true, humanReasons: [] as string[] };
  const allow = Policy.parse({ auto_send_replies: { intents: ["shipping/status"], min_confidence: 0.9 } });

  it("wait for a person by default, saying auto-send is off", () => {
    const r = approvalRequirement(reply, facts({ triage }), defaultPolicy);
    expect(r).toMatchObject({ required: true, reasons: ["replies wait for a person: auto-send is off (policy auto_send_replies.intents is empty)"] });
    expect(r.automatic).toBeUndefined();
  });

  it("go by themselves for a listed intent, confident enough, guarded and with no handover, and say why", () => {
    const r = approvalRequirement(reply, facts({ triage }), allow);
    expect(r.required).toBe(false);
    expect(r.automatic).toBe(true);
    expect(r.reasons[0]).toBe("auto-sent: shipping/status is in policy auto_send_replies.intents, confidence 0.97 >= 0.9, every guardrail passed, no handover signal");
    expect(r.comparisons).toContainEqual(expect.objectContaining({ result: true }));
  });

  it("name every condition that holds one back", () => {
    const r = approvalRequirement(reply, facts({ triage: { intent: "return/policy", confidence: 0.5, draftOffered: false, humanReasons: ["legal threat: 'my lawyer'"] } }), allow);
    expect(r.required).toBe(true);
    expect(r.reasons).toEqual([
      "replies wait for a person: intent return/policy is not in policy auto_send_replies.intents (shipping/status)",
      "replies wait for a person: confidence 0.50 < 0.9 (policy auto_send_replies.min_confidence)",
      "replies wait for a person: the draft did not pass every guardrail",
      "replies wait for a person: a person is needed: legal threat: 'my lawyer'",
    ]);
  });

  it("still wait when the policy holds them otherwise (a review threshold), whatever auto-send says", () => {
    const r = approvalRequirement(reply, facts({ triage, orderValue: 500 }), Policy.parse({ ...allow, review_thresholds: { order_value: 300 } }));
    expect(r.required).toBe(true);
    expect(r.reasons).toEqual(["order value 500 >= review threshold 300"]);
  });

  it("wait when the reply answers no triaged message", () => {
    expect(approvalRequirement(reply, facts(), allow).reasons).toEqual(["replies wait for a person: no triage of the message this answers"]);
  });
});
