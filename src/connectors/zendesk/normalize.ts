import { z } from "zod";
import type { NewEvent } from "../../core/event.js";
import type { TicketMessage, TicketSnapshot, TicketStatus } from "../../core/ticket-payload.js";
import { firstIso } from "../shared/time.js";
import { describeZodError } from "../shared/zod-issue.js";
import { BoolLike, IdLike, TagsLike, TextLike } from "../helpdesk/lenient.js";

export type ZendeskNormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

/** The ticket snapshot every `zen:event-type:ticket.*` event carries in `detail`. */
export const ZendeskTicketDetail = z.object({
  id: IdLike,
  status: TextLike,
  subject: TextLike,
  created_at: TextLike,
  updated_at: TextLike,
  via: z.object({ channel: TextLike }).nullish(),
  tags: TagsLike,
  requester_id: TextLike,
});

const ZendeskComment = z.object({
  id: IdLike,
  body: TextLike,
  is_public: BoolLike,
  author: z.object({ id: TextLike, is_staff: BoolLike, name: TextLike }).nullish(),
});

export const ZendeskEvent = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
  time: z.string(),
  subject: TextLike,
  detail: z.unknown(),
  event: z.record(z.string(), z.unknown()).nullish(),
});

const TICKET_EVENT = /^zen:event-type:ticket\./;

// Zendesk statuses (new, open, pending, hold, solved, closed) onto Firebreak's three.
const STATUS: Record<string, TicketStatus> = { new: "open", open: "open", pending: "pending", hold: "pending", solved: "closed", closed: "closed" };

function invalid(message: string): ZendeskNormalizeResult {
  return { ok: false, code: "PAYLOAD_INVALID", message };
}

/**
 * A Zendesk event webhook. Ticket events become `ticket.upserted`, a comment
 * (`ticket.comment_added`) `ticket.message_added`; other event types are stored as `ignored`.
 * The event `id` is the dedupe key: Zendesk resends the same event on retry. Ticket events
 * carry the requester's id, not their email: matching relies on the text and the order number.
 */
export function normalizeZendesk(input: { shop: string; body: unknown }): ZendeskNormalizeResult {
  const envelope = ZendeskEvent.safeParse(input.body);
  if (!envelope.success) return invalid(describeZodError("zendesk event", envelope.error));
  const e = envelope.data;
  const occurredAt = firstIso(e.time);
  if (occurredAt === null) return invalid("zendesk event: time: not a valid timestamp");
  const base = { shop: input.shop, source: "zendesk" as const, topic: e.type.replace(/^zen:event-type:/, ""), deliveryId: e.id, occurredAt, orderKey: null, trackingKey: null };
  if (!TICKET_EVENT.test(e.type)) return { ok: true, event: { ...base, payload: { kind: "ignored", topic: base.topic } } };

  const detail = ZendeskTicketDetail.safeParse(e.detail);
  if (!detail.success) return invalid(describeZodError("zendesk event: detail", detail.error));
  const d = detail.data;
  const vendorStatus = d.status?.toLowerCase() ?? null;
  const snapshot: TicketSnapshot = {
    helpdesk: "zendesk",
    ticketId: d.id,
    status: (vendorStatus && STATUS[vendorStatus]) || "open",
    vendorStatus,
    channel: d.via?.channel ?? null,
    subject: d.subject,
    customerEmail: null,
    customerName: null,
    tags: d.tags,
    shopifyOrderRefs: [],
    createdAt: firstIso(d.created_at),
    updatedAt: firstIso(d.updated_at, e.time) ?? occurredAt,
  };

  if (e.type === "zen:event-type:ticket.comment_added") {
    const comment = ZendeskComment.safeParse(e.event?.comment);
    if (!comment.success) return invalid(describeZodError("zendesk event: event.comment", comment.error));
    const c = comment.data;
    const message: TicketMessage = {
      id: c.id,
      body: c.body ?? "",
      fromAgent: c.author?.is_staff ?? false,
      public: c.is_public ?? true,
      // Trigger and automation comments carry no human author.
      automatic: c.author?.id === null || c.author?.id === undefined || c.author.id === "-1",
      channel: snapshot.channel,
      authorEmail: null,
      createdAt: occurredAt,
    };
    return { ok: true, event: { ...base, payload: { kind: "ticket.message_added", ticket: snapshot, message } } };
  }
  return { ok: true, event: { ...base, payload: { kind: "ticket.upserted", ticket: snapshot } } };
}
