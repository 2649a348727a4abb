import { z } from "zod";
import { ShipmentTag } from "../../core/shipment-status.js";
import { defineAction, type ActionDefinition } from "../../flows/catalog/action.js";
import { buildExceptionAlert, type SlackMessage } from "./alert-body.js";

const text = z.string().nullable().optional();

/** A free-form team message: `alert.team` with `{ text: 'Late: {{ order.name }}' }`. */
export const TextAlertInput = z.strictObject({
  text: z.string().min(1).max(3000), // Slack section text limit; `text` becomes one when a marker block is added
});
export type TextAlertInput = z.infer<typeof TextAlertInput>;

/**
 * A shipment alert with the facts an operator needs (the payload the exception-alert rule writes):
 * rendered as a Block Kit message with order, status, carrier and tracking link.
 */
export const ShipmentAlertInput = z.strictObject({
  order_id: z.string().min(1),
  order_name: text,
  shipment: text,
  carrier: text,
  tracking_number: text,
  tracking_url: text,
  status_tag: ShipmentTag.nullable().optional(),
  status_subtag: text,
  expected_delivery: text,
  promised_by: text,
  kind: z.string().min(1).default("delivery_exception"),
  detail: z.string().min(1),
  escalated: z.boolean().default(false),
});
export type ShipmentAlertInput = z.infer<typeof ShipmentAlertInput>;

export const AlertTeamInput = z.union([TextAlertInput, ShipmentAlertInput]);
export type AlertTeamInput = z.infer<typeof AlertTeamInput>;

/**
 * What app.ts's `alert.team` binding sends to Slack: a text message as it is, a shipment alert as
 * Block Kit. Throws on a payload of neither form (the binding turns that into a permanent error).
 */
export function alertTeamToSlack(payload: Record<string, unknown>): SlackMessage {
  const p = AlertTeamInput.parse(payload);
  if ("text" in p) return { text: p.text };
  return buildExceptionAlert({
    orderName: p.order_name ?? p.order_id,
    orderId: p.order_id,
    shipmentKey: p.shipment ?? "",
    carrier: p.carrier ?? null,
    trackingNumber: p.tracking_number ?? null,
    trackingUrl: p.tracking_url ?? null,
    tag: p.status_tag ?? "Exception",
    subtag: p.status_subtag ?? null,
    kind: p.kind,
    detail: p.detail,
    escalated: p.escalated,
  });
}

export function slackActions(): ActionDefinition[] {
  return [
    defineAction({
      id: "alert.team",
      description: "Posts an alert to the team's Slack channel: a text message, or a shipment alert with order, status and tracking",
      category: "internal_alert",
      channel: "alert.team",
      input: AlertTeamInput,
      irreversible: false,
      // It is how humans learn something needs them; holding it for approval would defeat it.
      approval: "never",
      customerFacing: false,
      channelKind: "internal",
    }),
  ];
}
