import { z } from "zod";
import { ShipmentTag } from "../../core/shipment-status.js";

/** A Slack message as incoming webhooks take it: `text` is the notification fallback. */
export const SlackMessage = z.object({
  text: z.string().min(1),
  blocks: z.array(z.unknown()).optional(),
});
export type SlackMessage = z.infer<typeof SlackMessage>;

/** What an operator needs to act on a shipment exception without opening three tabs. */
export const ExceptionAlert = z.object({
  orderName: z.string(), // "#1001"
  orderId: z.string(),
  shipmentKey: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  tag: ShipmentTag,
  subtag: z.string().nullable(),
  kind: z.string(), // the signal that raised it: "delivery_exception", "transit_stalled", …
  detail: z.string(),
  adminUrl: z.string().optional(),
  escalated: z.boolean(),
});
export type ExceptionAlert = z.infer<typeof ExceptionAlert>;

// Block Kit limits: header text 150 chars, section text 3000, each field 2000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

export function buildExceptionAlert(a: ExceptionAlert): SlackMessage {
  const what = a.kind.replace(/_/g, " ");
  const prefix = a.escalated ? "ESCALATED: " : "";
  const status = a.subtag ? `${a.tag} (${a.subtag})` : a.tag;
  const tracking = a.trackingNumber
    ? a.trackingUrl
      ? link(a.trackingUrl, a.trackingNumber)
      : escapeMrkdwn(a.trackingNumber)
    : "_none yet_";
  const order = a.adminUrl ? link(a.adminUrl, a.orderName) : escapeMrkdwn(a.orderName);

  const fields = [
    `*Order*\n${order}`,
    `*Status*\n${escapeMrkdwn(status)}`,
    `*Carrier*\n${escapeMrkdwn(a.carrier ?? "unknown")}`,
    `*Tracking*\n${tracking}`,
  ].map((text) => ({ type: "mrkdwn", text: clip(text, FIELD_MAX) }));

  return {
    text: `${prefix}Order ${a.orderName}: ${what} — ${a.detail}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(`${prefix}${a.orderName}: ${what}`, HEADER_MAX), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: clip(escapeMrkdwn(a.detail), SECTION_MAX) }, fields },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: clip(`order ${escapeMrkdwn(a.orderId)} · shipment ${escapeMrkdwn(a.shipmentKey)} · ${escapeMrkdwn(a.kind)}`, FIELD_MAX) }],
      },
    ],
  };
}

/** Slack's three control characters; everything else in mrkdwn is literal enough. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function link(url: string, label: string): string {
  // `|` and `>` end a Slack link; a URL carrying them would break out of it.
  const safeUrl = url.replace(/\|/g, "%7C").replace(/>/g, "%3E").replace(/</g, "%3C");
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
