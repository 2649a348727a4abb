import { shipmentFields } from "../shipment-facts.js";

/**
 * The properties every post-purchase message carries, as flow-input templates. Shared by the
 * message flows (and the delay notice) so a brand's Klaviyo templates see one vocabulary; the
 * names are listed in docs/POST-PURCHASE.md.
 *
 * `event_time` is the source time of the fact the message reports: the send-time check refuses a
 * message whose fact is older than the staleness window. `promised_delivery` is the date the
 * message tells the customer, which the promise ledger records once the message is sent.
 */
export const orderFacts = {
  order_id: "{{ order.id }}",
  order_name: "{{ order.name }}",
  items: "{{ order.line_items }}",
  event_time: "{{ event.occurred_at }}",
};

export const shipmentFacts = { ...orderFacts, ...shipmentFields };

/** Revenue beside the message, as Klaviyo's `value` (the order total) and `value_currency`. */
export const orderValue = { value: "{{ order.total_price }}", value_currency: "{{ order.currency }}" };

/** Who can be told: without an e-mail Klaviyo has no profile to put the event on. */
export const reachable = { name: "the customer can be reached", expr: "customer.email != null" };
export const notCancelled = "order.cancelled_at == null";
