import { z } from "zod";
import type { NewEvent } from "../../core/event.js";
import type { TicketMessage, TicketSnapshot, TicketStatus } from "../../core/ticket-payload.js";
import { firstIso, toUtcIso } from "../shared/time.js";
import { describeZodError } from "../shared/zod-issue.js";
import { BoolLike, IdLike, RefsLike, TagsLike, TextLike } from "../helpdesk/lenient.js";

export type GorgiasNormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

/** The body the documented HTTP integration template sends (docs/HELPDESK.md). */
export const GorgiasTicketBody = z.object({
  id: IdLike,
  status: TextLike,
  channel: TextLike,
  via: TextLike,
  subject: TextLike,
  created_datetime: TextLike,
  updated_datetime: TextLike,
  snooze_datetime: TextLike,
  customer: z.object({ email: TextLike, name: TextLike }).nullish(),
  tags: TagsLike,
  /** Shopify order ids or names from the customer's Shopify integration data. */
  shopify_orders: RefsLike,
});

export const GorgiasMessageBody = z.object({
  id: IdLike,
  body_text: TextLike,
  from_agent: BoolLike,
  public: BoolLike,
  channel: TextLike,
  via: TextLike,
  sender: z.object({ email: TextLike }).nullish(),
  created_datetime: TextLike,
});

export const GorgiasHttpIntegrationBody = z.object({
  event: TextLike,
  ticket: GorgiasTicketBody,
  message: GorgiasMessageBody.nullish(),
});

// Messages Gorgias itself or a rule sent: they are not a human's first response.
const AUTOMATIC_VIA = new Set(["rule", "gorgias_automation", "self_service", "contact_form_auto_reply", "auto_reply", "automation"]);

function statusOf(status: string | null, snoozed: string | null): TicketStatus {
  if (status?.toLowerCase() === "closed") return "closed";
  // A snoozed ticket waits (on the customer or a date) like a pending one.
  return snoozed ? "pending" : "open";
}

function message(m: z.infer<typeof GorgiasMessageBody>, fallbackAt: string): TicketMessage {
  const channel = m.channel;
  return {
    id: m.id,
    body: m.body_text ?? "",
    fromAgent: m.from_agent ?? false,
    public: m.public ?? channel !== "internal-note",
    automatic: m.via !== null && AUTOMATIC_VIA.has(m.via),
    channel,
    authorEmail: m.sender?.email?.toLowerCase() ?? null,
    createdAt: toUtcIso(m.created_datetime) ?? fallbackAt,
  };
}

/**
 * A Gorgias HTTP integration call. With a message it is `ticket.message_added`, otherwise
 * `ticket.upserted`. Gorgias sends no delivery id, so the dedupe key is what a retry repeats and
 * a new change does not: the ticket's updated time (and the message id). A "ticket updated" call
 * that repeats the last message after a close is a new change, not a duplicate of the message.
 */
export function normalizeGorgias(input: { shop: string; body: unknown; receivedAt: string }): GorgiasNormalizeResult {
  const parsed = GorgiasHttpIntegrationBody.safeParse(input.body);
  if (!parsed.success) return { ok: false, code: "PAYLOAD_INVALID", message: describeZodError("gorgias http integration", parsed.error) };
  const { ticket: t, message: m, event } = parsed.data;
  const updatedAt = firstIso(t.updated_datetime, m?.created_datetime, t.created_datetime);
  if (updatedAt === null) return { ok: false, code: "PAYLOAD_INVALID", message: "gorgias http integration: ticket.updated_datetime: absent or not a valid timestamp" };
  const snapshot: TicketSnapshot = {
    helpdesk: "gorgias",
    ticketId: t.id,
    status: statusOf(t.status, t.snooze_datetime),
    vendorStatus: t.status,
    channel: t.channel,
    subject: t.subject,
    customerEmail: t.customer?.email?.toLowerCase() ?? null,
    customerName: t.customer?.name ?? null,
    tags: t.tags,
    shopifyOrderRefs: t.shopify_orders,
    createdAt: toUtcIso(t.created_datetime),
    updatedAt,
  };
  const topic = event ?? (m ? "ticket-message-created" : "ticket-updated");
  const base = { shop: input.shop, source: "gorgias" as const, topic, orderKey: null, trackingKey: null };
  if (m) {
    const msg = message(m, updatedAt);
    return { ok: true, event: { ...base, occurredAt: msg.createdAt > updatedAt ? msg.createdAt : updatedAt, deliveryId: `ticket:${t.id}:${updatedAt}:message:${m.id}`, payload: { kind: "ticket.message_added", ticket: snapshot, message: msg } } };
  }
  return { ok: true, event: { ...base, occurredAt: updatedAt, deliveryId: `ticket:${t.id}:${updatedAt}`, payload: { kind: "ticket.upserted", ticket: snapshot } } };
}
