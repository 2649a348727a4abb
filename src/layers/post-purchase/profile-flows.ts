import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";

/**
 * Keeps the Klaviyo profile's delivery facts current so the brand's own Klaviyo segments and flow
 * filters can use them (e.g. "no review request unless last_delivery_status is Delivered"). `vip`
 * uses the escalation threshold's order count: the same customers a human looks after first.
 */
export const deliveryProfileFlow: FlowDefinition = defineFlow({
  id: "delivery-profile",
  version: 1,
  description: "Every shipment status change sets last_delivery_status (and vip) on the customer's Klaviyo profile.",
  trigger: { events: ["shipment.status_changed"] },
  conditions: [{ name: "the customer can be reached", expr: "customer.email != null" }],
  steps: [
    {
      id: "profile",
      action: "customer.profile",
      idempotency_key: "delivery-profile:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ shipment.tag }}",
      input: {
        properties: {
          last_delivery_status: "{{ shipment.tag }}",
          last_delivery_substatus: "{{ shipment.subtag }}",
          last_delivery_order: "{{ order.name }}",
          last_delivery_update: "{{ event.occurred_at }}",
          vip: "{{ customer.orders_count >= shop.settings.escalation.customer_orders }}",
        },
      },
    },
  ],
});

export const profileFlows: readonly FlowDefinition[] = [deliveryProfileFlow];
