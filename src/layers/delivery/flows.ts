import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import { shipmentFields } from "../shipment-facts.js";

/**
 * The built-in delivery automation, written as flows in the same format operators write (the
 * operator's flows folder replaces any of them by id). The idempotency keys are the ones the
 * first rule set used, so history keeps deduplicating across the change.
 */

const DELAY_SIGNALS = '["edd_missed", "edd_revised", "carrier_delay", "transit_stalled"]';

const shipmentFacts = {
  order_id: "{{ order.id }}",
  order_name: "{{ order.name }}",
  ...shipmentFields,
  promised_by: "{{ order.promised_by }}",
};

export const delayNoticeFlow: FlowDefinition = defineFlow({
  id: "delay-notice",
  version: 3,
  description: "A late shipment tells the customer before they ask (Klaviyo Order Delayed) and puts an ops hold on them so promotions wait.",
  trigger: { events: ["signal.raised"], filter: `signal.name in ${DELAY_SIGNALS}` },
  conditions: ["order.cancelled_at == null", 'shipment.tag != "Delivered"', { name: "the customer can be reached", expr: "customer.email != null" }],
  // Two delay signals rising together for one parcel make one notice, not two e-mails the same hour.
  limits: { frequency: { max: 1, per: "1h", key: "{{ order.id }}:{{ shipment.key }}" } },
  steps: [
    {
      id: "notify",
      action: "notify.customer",
      idempotency_key: 'delay-notice:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ signal.name == "edd_revised" ? "edd_revised:" + string(signal.facts.current) : signal.name }}',
      input: {
        metric: "Order Delayed",
        properties: {
          ...shipmentFacts,
          reason: "{{ signal.name }}",
          reason_detail: "{{ signal.detail }}",
          previous_expected_delivery: "{{ has(signal.facts.previous) ? signal.facts.previous : order.promised_by }}",
          new_expected_delivery: "{{ has(signal.facts.current) ? signal.facts.current : shipment.carrier_estimate }}",
          // The date this notice tells (the promise ledger records it), the items, and when the delay was seen (send-time staleness).
          promised_delivery: "{{ has(signal.facts.current) ? signal.facts.current : shipment.carrier_estimate }}",
          items: "{{ order.line_items }}",
          event_time: "{{ event.occurred_at }}",
        },
        value: "{{ order.total_price }}",
        value_currency: "{{ order.currency }}",
      },
    },
    {
      id: "hold-unless-held",
      branch: {
        if: "!holds.exists(h, h.shipment_key == shipment.key)",
        then: [
          { id: "hold", action: "hold.place", input: { shipment_key: "{{ shipment.key }}", reason: "{{ signal.name }}" } },
          {
            id: "hold-on-profile",
            action: "customer.profile",
            idempotency_key: "ops-hold:{{ shop.domain }}:{{ customer.key }}:{{ shipment.key }}",
            input: { properties: { ops_hold: true, ops_hold_reason: "{{ signal.name }}", ops_hold_order: "{{ order.name }}" } },
          },
        ],
      },
    },
  ],
});

const WORTH_A_HUMAN = "order.total_price >= shop.settings.escalation.order_value || customer.orders_count >= shop.settings.escalation.customer_orders";

export const exceptionAlertFlow: FlowDefinition = defineFlow({
  id: "exception-alert",
  version: 2,
  description: "A lost, damaged, returned or undeliverable parcel alerts the team; valuable orders and repeat customers also go to the review queue.",
  trigger: { events: ["signal.raised"], filter: 'signal.name == "delivery_exception"' },
  steps: [
    {
      id: "alert",
      action: "alert.team",
      idempotency_key: "exception-alert:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ shipment.subtag != null ? shipment.subtag : shipment.tag }}",
      input: { ...shipmentFacts, kind: "{{ signal.facts.kind }}", detail: "{{ signal.detail }}", escalated: `{{ ${WORTH_A_HUMAN} }}` },
    },
    {
      id: "worth-a-human",
      branch: {
        if: WORTH_A_HUMAN,
        then: [
          {
            id: "escalate",
            action: "review.escalation",
            idempotency_key: "escalation:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ shipment.subtag != null ? shipment.subtag : shipment.tag }}",
            input: { ...shipmentFacts, kind: "{{ signal.facts.kind }}", detail: "{{ signal.detail }}", reason: "a delivery exception on a valuable order or a repeat customer" },
          },
        ],
      },
    },
  ],
});

export const holdReleaseFlow: FlowDefinition = defineFlow({
  id: "hold-release",
  version: 2,
  description: "Delivery of a held shipment releases its hold; the customer's last hold clears ops_hold on the profile.",
  // Only held shipments start a run: a delivery with no hold is not a decision worth recording.
  trigger: { events: ["shipment.status_changed"], filter: 'shipment.tag == "Delivered" && holds.exists(h, h.shipment_key == shipment.key)' },
  steps: [
    { id: "release", action: "hold.release", input: { shipment_key: "{{ shipment.key }}", reason: "shipment {{ shipment.key }} delivered" } },
    {
      id: "last-hold",
      branch: {
        if: "size(holds) <= 1",
        then: [
          {
            id: "clear-profile",
            action: "customer.profile",
            idempotency_key: "ops-hold-release:{{ shop.domain }}:{{ customer.key }}:{{ shipment.key }}",
            input: { properties: { ops_hold: false }, unset: ["ops_hold_reason", "ops_hold_order"] },
          },
        ],
      },
    },
  ],
});

export const deliveryFlows: readonly FlowDefinition[] = [delayNoticeFlow, exceptionAlertFlow, holdReleaseFlow];
