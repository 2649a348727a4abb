import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import { orderValue, reachable, shipmentFacts } from "./facts.js";

/**
 * The date a delay notice told the customer, read from the signal's own facts so that it is the
 * same when the run resumes days later: a revised estimate's `current`, or the carrier's estimate
 * that came with a declared delay.
 */
const TOLD = "(has(signal.facts.current) ? signal.facts.current : (has(signal.facts.carrier_estimate) ? signal.facts.carrier_estimate : null))";

/**
 * Keeps the delay notice's promise. When a notice tells a new date (delay-notice), this flow waits
 * until that date has passed (a day's grace: the customer was told a day, not an instant) and, if
 * the parcel still has not arrived, tells the customer again before they ask. A third date slips
 * the same way through the next revision's own run. The merchant's first promise is watched by the
 * journey itself (the `edd_missed` signal).
 */
export const promiseWatchFlow: FlowDefinition = defineFlow({
  id: "promise-watch",
  version: 1,
  description: "A new delivery date told in a delay notice that passes without delivery sends another Order Delayed (edd_missed) before the customer asks.",
  trigger: { events: ["signal.raised"], filter: `signal.name in ["edd_revised", "carrier_delay"] && ${TOLD} != null` },
  conditions: ["order.cancelled_at == null", 'shipment.tag != "Delivered"', reachable],
  // Signals rising together for one parcel watch one date, like the notice they follow.
  limits: { frequency: { max: 1, per: "1h", key: "{{ order.id }}:{{ shipment.key }}:{{ string(" + TOLD + ") }}" } },
  steps: [
    { id: "until-told-date-passed", wait: { until: `timestamp(${TOLD}) + duration("24h")` } },
    {
      id: "still-not-delivered",
      branch: {
        if: 'order.cancelled_at == null && shipment.tag != "Delivered"',
        then: [
          {
            id: "notify",
            action: "notify.customer",
            idempotency_key: `delay-notice:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:promise_missed:{{ string(${TOLD}) }}`,
            input: {
              metric: "Order Delayed",
              properties: {
                ...shipmentFacts,
                reason: "edd_missed",
                reason_detail: `{{ "the date we told you, " + string(${TOLD}) + ", has passed; the parcel is " + shipment.tag }}`,
                previous_expected_delivery: `{{ ${TOLD} }}`,
                new_expected_delivery: "{{ shipment.carrier_estimate }}",
                promised_delivery: `{{ shipment.carrier_estimate != null && timestamp(shipment.carrier_estimate) > timestamp(${TOLD}) ? shipment.carrier_estimate : null }}`,
                event_time: "{{ now }}",
              },
              ...orderValue,
            },
          },
        ],
      },
    },
  ],
});
