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
}

export interface ApprovalRequirement {
  required: boolean;
  /** Sentences for the approver and the audit trail: why a human is (or is not) needed. */
  reasons: string[];
  /** The threshold comparisons made, in the shape decisions record. */
  comparisons: Comparison[];
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
  const reasons: string[] = [];
  if (below.length > 0) reasons.push(`below every review threshold${unknown.length > 0 ? " that could be checked" : ""} (${below.join("; ")})`);
  reasons.push(...unknown);
  if (reasons.length === 0) reasons.push(`no policy rule holds ${action.id} (not in always_human, no review threshold set)`);
  return { required: false, reasons, comparisons };
}
