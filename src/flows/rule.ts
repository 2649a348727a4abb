import type { StoredEvent } from "../core/event.js";
import type { Journey, Signal } from "../core/journey.js";
import type { ShopSettings } from "../core/settings.js";
import type { Comparison, Decision, Hold } from "../core/decision.js";
import type { NewOutboxAction } from "../core/outbox.js";

/** Everything a rule may look at. Rules are pure: same context, same output. */
export interface RuleContext {
  shop: string;
  trigger: StoredEvent;
  before: Journey | null;
  after: Journey;
  raised: Signal[];
  cleared: Signal[];
  /** How many orders this customer has placed (ours and Shopify's count, whichever is larger). */
  customerOrders: number;
  /** Holds on this customer that are still active. */
  activeHolds: Hold[];
  settings: ShopSettings;
}

export type PlannedAction = Omit<NewOutboxAction, "decisionId" | "createdAt" | "shop">;

export interface RuleOutput {
  decisions: Decision[];
  actions: Array<NewOutboxAction & { id: string }>;
  holdsPlaced: Hold[];
  holdsReleased: Array<{ shop: string; customerKey: string; shipmentKey: string; releasedAt: string; reason: string }>;
}

export interface Rule {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  evaluate(ctx: RuleContext): RuleOutput;
}

export const emptyOutput = (): RuleOutput => ({ decisions: [], actions: [], holdsPlaced: [], holdsReleased: [] });

export function mergeOutputs(outputs: RuleOutput[]): RuleOutput {
  const out = emptyOutput();
  for (const o of outputs) {
    out.decisions.push(...o.decisions);
    out.actions.push(...o.actions);
    out.holdsPlaced.push(...o.holdsPlaced);
    out.holdsReleased.push(...o.holdsReleased);
  }
  return out;
}

/** A comparison that says what it saw: `order.total_price is 42.00, expected >= 150`. */
export function compare(subject: string, actual: number | string | boolean | null, op: Comparison["op"], expected: Comparison["expected"]): Comparison {
  let result: boolean;
  switch (op) {
    case ">": result = actual !== null && Number(actual) > Number(expected); break;
    case ">=": result = actual !== null && Number(actual) >= Number(expected); break;
    case "<": result = actual !== null && Number(actual) < Number(expected); break;
    case "<=": result = actual !== null && Number(actual) <= Number(expected); break;
    case "==": result = actual === expected; break;
    case "!=": result = actual !== expected; break;
    case "in": result = Array.isArray(expected) && expected.includes(String(actual)); break;
    case "present": result = actual !== null && actual !== ""; break;
  }
  const shown = (v: unknown) => (v === null ? "missing" : Array.isArray(v) ? `[${v.join(", ")}]` : String(v));
  const text = op === "present" ? `${subject} is ${actual === null || actual === "" ? "missing" : `present (${shown(actual)})`}` : `${subject} is ${shown(actual)}, expected ${op} ${shown(expected)}`;
  return { subject, actual, op, expected, result, text };
}

