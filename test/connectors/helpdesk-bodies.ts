import { createHmac } from "node:crypto";

/**
 * Helpdesk webhook bodies built from the vendors' documented shapes: Gorgias's HTTP integration
 * body as docs/HELPDESK.md's template renders it (every variable as text), and Zendesk's
 * `zen:event-type:ticket.*` event schema.
 */

export const GORGIAS_TOKEN = "gorgias-inbound-token-0123456789";
export const ZENDESK_SECRET = "zendesk-signing-secret-0123456789";

export function gorgiasBody(over: { ticketId?: string; status?: string; email?: string; subject?: string; updated?: string; created?: string; snooze?: string; orders?: string; message?: { id: string; body: string; fromAgent?: boolean; channel?: string; via?: string; at: string } | null } = {}): Record<string, unknown> {
  const updated = over.updated ?? "2026-11-02T09:00:00Z";
  const body: Record<string, unknown> = {
    event: over.message ? "ticket-message-created" : "ticket-updated",
    ticket: {
      id: over.ticketId ?? "4821",
      status: over.status ?? "open",
      channel: "email",
      via: "email",
      subject: over.subject ?? "Where is my order?",
      created_datetime: over.created ?? "2026-11-02T08:00:00Z",
      updated_datetime: updated,
      snooze_datetime: over.snooze ?? "",
      customer: { email: over.email ?? "Ada@Example.com", name: "Ada Lovelace" },
      tags: "wismo, vip",
      shopify_orders: over.orders ?? "",
    },
  };
  if (over.message) {
    body.message = {
      id: over.message.id,
      body_text: over.message.body,
      from_agent: over.message.fromAgent ? "True" : "False",
      channel: over.message.channel ?? "email",
      via: over.message.via ?? (over.message.fromAgent ? "helpdesk" : "email"),
      sender: { email: over.message.fromAgent ? "agent@shop.example" : (over.email ?? "ada@example.com") },
      created_datetime: over.message.at,
    };
  }
  return body;
}

export function zendeskEvent(over: { id?: string; type?: string; ticketId?: string; status?: string; subject?: string; time?: string; comment?: { id: string; body: string; staff?: boolean; public?: boolean; authorId?: string | null } } = {}): Record<string, unknown> {
  const time = over.time ?? "2026-11-02T09:00:00Z";
  const ticketId = over.ticketId ?? "35436";
  const type = over.type ?? (over.comment ? "zen:event-type:ticket.comment_added" : "zen:event-type:ticket.created");
  return {
    type,
    account_id: 22129848,
    id: over.id ?? `01J${ticketId}${time.replace(/\D/g, "")}`,
    time,
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: {
      actor_id: "8447388090494",
      assignee_id: null,
      brand_id: "8447346621310",
      created_at: "2026-11-02T08:30:00Z",
      description: "Hi",
      external_id: null,
      form_id: "8646151517822",
      group_id: "8447320466430",
      id: ticketId,
      is_public: true,
      organization_id: null,
      priority: "LOW",
      requester_id: "8447388090494",
      status: over.status ?? "OPEN",
      subject: over.subject ?? "Parcel not arrived",
      submitter_id: "8447388090494",
      tags: ["shipping"],
      type: "QUESTION",
      updated_at: time,
      via: { channel: "web_form" },
    },
    event: over.comment
      ? { comment: { id: over.comment.id, body: over.comment.body, is_public: over.comment.public ?? true, author: { id: over.comment.authorId === undefined ? "8447388090494" : over.comment.authorId, is_staff: over.comment.staff ?? false, name: "Ada" } } }
      : { meta: { sequence: { id: "seq-1", position: 1 } } },
  };
}

export function zendeskHeaders(body: Buffer | string, timestamp: string, secret = ZENDESK_SECRET): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-zendesk-webhook-id": "01GK8E6BKWMJZD2T8Y5AXJQMG5",
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-signature": createHmac("sha256", secret).update(timestamp + body.toString()).digest("base64"),
  };
}
