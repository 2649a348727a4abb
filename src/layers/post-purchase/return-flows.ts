import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import { orderFacts, orderValue, reachable } from "./facts.js";

/** One flow per Shopify return webhook the customer should hear about, each its own metric. */
function returnFlow(id: string, topic: string, metric: string, description: string): FlowDefinition {
  return defineFlow({
    id,
    version: 1,
    description,
    trigger: { events: ["return.updated"], filter: `event.topic == "${topic}"` },
    conditions: [reachable],
    steps: [
      {
        id: "notify",
        action: "notify.customer",
        idempotency_key: `${id}:{{ shop.domain }}:{{ order.id }}:{{ event.return_id }}`,
        input: {
          metric,
          properties: {
            ...orderFacts,
            return_id: "{{ event.return_id }}",
            return_status: "{{ event.status }}",
            return_line_items: "{{ event.line_item_count }}",
            decline_reason: "{{ event.decline_reason }}",
          },
          ...orderValue,
        },
      },
    ],
  });
}

export const returnRequestedFlow = returnFlow("return-requested", "returns/request", "Return Requested", "The customer asked to return items (Klaviyo Return Requested).");
export const returnApprovedFlow = returnFlow("return-approved", "returns/approve", "Return Approved", "The shop approved the return (Klaviyo Return Approved).");
export const returnDeclinedFlow = returnFlow("return-declined", "returns/decline", "Return Declined", "The shop declined the return, with its reason (Klaviyo Return Declined).");
export const returnClosedFlow = returnFlow("return-closed", "returns/close", "Return Closed", "The returned items were received and the return closed (Klaviyo Return Closed).");

/** Refund Issued: once per Shopify refund, with the amount as the event's value. */
export const refundIssuedFlow: FlowDefinition = defineFlow({
  id: "refund-issued",
  version: 1,
  description: "A refund tells the customer how much is coming back (Klaviyo Refund Issued).",
  trigger: { events: ["refund.created"] },
  conditions: [reachable],
  steps: [
    {
      id: "notify",
      action: "notify.customer",
      idempotency_key: "refund-issued:{{ shop.domain }}:{{ order.id }}:{{ event.refund_id }}",
      input: {
        metric: "Refund Issued",
        properties: { ...orderFacts, refund_id: "{{ event.refund_id }}", refund_amount: "{{ double(event.amount) }}", refund_note: "{{ event.note }}" },
        value: "{{ double(event.amount) }}",
        value_currency: "{{ event.currency != null ? event.currency : order.currency }}",
      },
    },
  ],
});

export const returnFlows: readonly FlowDefinition[] = [returnRequestedFlow, returnApprovedFlow, returnDeclinedFlow, returnClosedFlow, refundIssuedFlow];
