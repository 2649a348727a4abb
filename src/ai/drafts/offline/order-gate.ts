import { declined, type Declined } from "../draft.js";
import type { OrderFacts } from "../order-facts.js";

/**
 * Order replies need an order, and some orders are a person's to answer: cancelled ones and ones
 * held before shipping, whose reasons (fraud review, address check) are not the customer's to read in a template.
 */
export function orderGate(facts: OrderFacts | null): { ok: true; facts: OrderFacts } | Declined {
  if (!facts) return declined("no_order_facts", "no order is attached to the ticket");
  if (facts.cancelled) return declined("order_cancelled", `order ${facts.orderName} is cancelled`);
  if (facts.holds.length > 0) {
    return declined("order_on_hold", `order ${facts.orderName} is on hold (${facts.holds.map((h) => h.reason).join(", ")})`);
  }
  return { ok: true, facts };
}
