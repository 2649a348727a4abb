import type { Journey } from "./journey.js";

/**
 * The key a customer is known by: the Shopify customer id when known, else the lower-cased email,
 * so one customer's guest and account orders count together (holds, `customer.orders_count`).
 */
export function customerKeyOf(journey: Pick<Journey, "customerId" | "email">): string | null {
  return journey.customerId ?? journey.email?.toLowerCase() ?? null;
}
