import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import { notCancelled, orderValue, reachable, shipmentFacts } from "./facts.js";

/**
 * What the customer should do next, per exception kind (core/signals.ts `exceptionKind`). Plain
 * text a template can show as is; a brand that wants other words branches on `exception_kind`.
 */
const NEXT_STEPS: Record<string, string> = {
  lost: "The carrier has lost your parcel. We are arranging a replacement or refund and will write within one business day; you do not need to do anything.",
  damaged: "The carrier reports your parcel as damaged. Reply with a photo if it reaches you damaged; we will send a replacement or refund.",
  returned_to_sender: "Your parcel is on its way back to us. Reply to confirm your address and we will reship it, or ask for a refund.",
  address_problem: "The carrier could not deliver to the address on your order. Reply with the correct address so we can redirect the parcel.",
};

const celMap = (m: Record<string, string>): string => `{${Object.entries(m).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")}}`;

/**
 * Delivery Exception: the customer hears about a lost, damaged, returned or undeliverable parcel
 * from the shop first, with what happens next. The team's alert is the `exception-alert` flow
 * (src/layers/delivery/flows.ts), which the same signal starts.
 */
export const exceptionNoticeFlow: FlowDefinition = defineFlow({
  id: "exception-notice",
  version: 1,
  description: "A lost, damaged, returned-to-sender or undeliverable parcel tells the customer what happened and what comes next (Klaviyo Delivery Exception).",
  trigger: { events: ["signal.raised"], filter: `signal.name == "delivery_exception" && signal.facts.kind in ${JSON.stringify(Object.keys(NEXT_STEPS))}` },
  conditions: [notCancelled, reachable],
  steps: [
    {
      id: "notify",
      action: "notify.customer",
      idempotency_key: "exception-notice:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ signal.facts.kind }}",
      input: {
        metric: "Delivery Exception",
        properties: {
          ...shipmentFacts,
          exception_kind: "{{ signal.facts.kind }}",
          reason: "{{ signal.facts.kind }}",
          reason_detail: "{{ signal.detail }}",
          next_steps: `{{ ${celMap(NEXT_STEPS)}[signal.facts.kind] }}`,
        },
        ...orderValue,
      },
    },
  ],
});

export const exceptionFlows: readonly FlowDefinition[] = [exceptionNoticeFlow];
