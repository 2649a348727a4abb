import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import { notCancelled, orderFacts, orderValue, reachable, shipmentFacts } from "./facts.js";

/** Order Confirmed: once per order, on Shopify's orders/create, with the date the shop promises. */
export const orderConfirmationFlow: FlowDefinition = defineFlow({
  id: "order-confirmation",
  version: 1,
  description: "A new order tells the customer what they bought and when it should arrive (Klaviyo Order Confirmed).",
  // orders/updated and orders/paid also upsert the order; only its creation is news to the customer.
  trigger: { events: ["order.upserted"], filter: 'event.topic == "orders/create"' },
  // Shopify test orders are confirmed too: a brand placing one is usually checking this very message.
  conditions: [notCancelled, reachable],
  steps: [
    {
      id: "notify",
      action: "notify.customer",
      idempotency_key: "order-confirmation:{{ shop.domain }}:{{ order.id }}",
      input: {
        metric: "Order Confirmed",
        properties: { ...orderFacts, promised_delivery: "{{ order.promised_by }}", shipping_method: "{{ order.shipping_method }}" },
        ...orderValue,
      },
    },
  ],
});

/**
 * Order Shipped: once per shipment, when a fulfillment with it first reaches us. A Shopify
 * fulfillment that failed or was cancelled shipped nothing.
 */
export const shippingConfirmationFlow: FlowDefinition = defineFlow({
  id: "shipping-confirmation",
  version: 1,
  description: "A fulfillment tells the customer their parcel is on its way, with carrier, tracking link and expected date (Klaviyo Order Shipped).",
  trigger: { events: ["fulfillment.upserted"], filter: 'event.status == null || !(event.status in ["cancelled", "error", "failure"])' },
  conditions: [notCancelled, { name: "the shipment is known", expr: "shipment != null" }, reachable],
  steps: [
    {
      id: "notify",
      action: "notify.customer",
      idempotency_key: "shipping-confirmation:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}",
      input: { metric: "Order Shipped", properties: { ...shipmentFacts, promised_delivery: "{{ shipment.expected_delivery }}" }, ...orderValue },
    },
  ],
});

export const orderFlows: readonly FlowDefinition[] = [orderConfirmationFlow, shippingConfirmationFlow];
