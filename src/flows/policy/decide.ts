import type { Comparison } from "../../core/decision.js";
import { compare } from "../rule.js";
import type { ActionDefinition } from "../catalog/action.js";
import type { Policy } from "./schema.js";

/** What the policy looks at, gathered by the engine from the run's context. null: not known. */
export interface ApprovalFacts {
  orderValue: number | null;
  customerLifetimeValue: number | null;
  /** 0 (safe) … 1 (fraud-like). */
  riskScore: number | null;
  customerTags: string[];
  /** For a draft reply: what triage concluded about the message it answers (null otherwise). */
  triage: { intent: string; confidence: number; draftOffered: boolean; humanReasons: string[] } | null;
}

export interface ApprovalRequirement {
  required: boolean;
  /** Sentences for the approver and the audit trail: why a human is (or is not) needed. */
  reasons: string[];
  /** The threshold comparisons made, in the shape decisions record. */
  comparisons: Comparison[];
  /** True when the policy let an action go that otherwise waits for a person (an auto-sent reply): the run records why. */
  automatic?: boolean;
}

const THRESHOLDS = [
  { key: "order_value", label: "order value", fact: "orderValue" },
  { key: "customer_lifetime_value", label: "customer lifetime value", fact: "customerLifetimeValue" },
  { key: "risk_score", label: "risk score", fact: "riskScore" },
] as const;

/**
 * Whether a human must approve this action before it is enqueued. The action's own `approval`
 * comes first ("always" and "never" are not the operator's to change); "policy" consults the
 * file: always_human by id or category, customer tags, then review thresholds (at or above any
 * one of them needs a human). Pure: same inputs, same answer and same sentences.
 */
export function approvalRequirement(action: Pick<ActionDefinition, "id" | "category" | "approval">, facts: ApprovalFacts, policy: Policy): ApprovalRequirement {
  if (action.approval === "always") return { required: true, reasons: [`${action.id} always needs a human (action approval: always)`], comparisons: [] };
  if (action.approval === "never") return { required: false, reasons: [`${action.id} never waits for a human (action approval: never)`], comparisons: [] };

  const held: string[] = [];
  if (policy.always_human.includes(action.id)) held.push(`${action.id} always needs a human (policy always_human: ${action.id})`);
  if (policy.always_human.includes(action.category)) held.push(`${action.category} actions always need a human (policy always_human: ${action.category})`);

  // Shopify treats tags case-insensitively; so does the policy.
  const tags = new Set(facts.customerTags.map((t) => t.trim().toLowerCase()));
  for (const tag of policy.never_automatic_for?.customer_tags ?? []) {
    if (tags.has(tag.trim().toLowerCase())) held.push(`the customer is tagged ${tag}, which never gets automatic actions (policy never_automatic_for.customer_tags: ${tag})`);
  }

  const comparisons: Comparison[] = [];
  const below: string[] = [];
  const unknown: string[] = [];
  for (const t of THRESHOLDS) {
    const threshold = policy.review_thresholds[t.key];
    if (threshold === undefined) continue;
    const value = facts[t.fact];
    if (value === null || !Number.isFinite(value)) {
      // Unknown is not "above": holding every action whenever a fact is missing would make the
      // threshold a switch that turns automation off. The reason says it was not applied.
      unknown.push(`${t.label} unknown: review threshold ${threshold} not applied`);
      continue;
    }
    const c = compare(t.label, value, ">=", threshold);
    comparisons.push(c);
    if (c.result) held.push(`${t.label} ${value} >= review threshold ${threshold}`);
    else below.push(`${t.label} ${value} < ${threshold}`);
  }

  if (held.length > 0) return { required: true, reasons: held, comparisons };
  if (action.category === "ticket_reply") return replyRequirement(facts, policy, comparisons);
  const reasons: string[] = [];
  if (below.length > 0) reasons.push(`below every review threshold${unknown.length > 0 ? " that could be checked" : ""} (${below.join("; ")})`);
  reasons.push(...unknown);
  if (reasons.length === 0) reasons.push(`no policy rule holds ${action.id} (not in always_human, no review threshold set)`);
  return { required: false, reasons, comparisons };
}

/**
 * A reply to a customer waits for a person unless the policy's auto_send_replies lets this one go:
 * a listed intent, confident enough, every guardrail passed, no reason for a person. Each
 * condition that fails is named, so the reviewer sees why it was not sent by itself.
 */
function replyRequirement(facts: ApprovalFacts, policy: Policy, comparisons: Comparison[]): ApprovalRequirement {
  const auto = policy.auto_send_replies;
  const t = facts.triage;
  if (auto.intents.length === 0) return { required: true, reasons: ["replies wait for a person: auto-send is off (policy auto_send_replies.intents is empty)"], comparisons };
  if (t === null) return { required: true, reasons: ["replies wait for a person: no triage of the message this answers"], comparisons };
  const confidence = compare("classifier confidence", t.confidence, ">=", auto.min_confidence);
  const all = [...comparisons, confidence];
  const blocked: string[] = [];
  if (!auto.intents.includes(t.intent)) blocked.push(`intent ${t.intent} is not in policy auto_send_replies.intents (${auto.intents.join(", ")})`);
  if (!confidence.result) blocked.push(`confidence ${t.confidence.toFixed(2)} < ${auto.min_confidence} (policy auto_send_replies.min_confidence)`);
  if (!t.draftOffered) blocked.push("the draft did not pass every guardrail");
  for (const r of t.humanReasons) blocked.push(`a person is needed: ${r}`);
  if (blocked.length > 0) return { required: true, reasons: blocked.map((b) => `replies wait for a person: ${b}`), comparisons: all };
  return {
    required: false,
    automatic: true,
    reasons: [`auto-sent: ${t.intent} is in policy auto_send_replies.intents, confidence ${t.confidence.toFixed(2)} >= ${auto.min_confidence}, every guardrail passed, no handover signal`],
    comparisons: all,
  };
}
