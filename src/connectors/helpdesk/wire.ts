import { z } from "zod";

/** One HTTP call a helpdesk operation becomes; built by a pure function per vendor. */
export interface WireRequest {
  method: "POST" | "PUT";
  path: string;
  body: unknown;
}

export type WireResult = { ok: true; request: WireRequest } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

const TicketId = z.string().regex(/^\d{1,20}$/, "must be the helpdesk's numeric ticket id");
const TeamId = z.string().regex(/^\d{1,20}$/, "must be the helpdesk's numeric team / group id");

/** The vendor-neutral inputs of the five helpdesk actions (what flows write and the outbox stores). */
export const AddTagsInput = z.strictObject({ ticket_id: TicketId, tags: z.array(z.string().min(1).max(100)).min(1).max(20) });
export type AddTagsInput = z.infer<typeof AddTagsInput>;
export const SetIntentInput = z.strictObject({ ticket_id: TicketId, intent: z.string().regex(/^[a-z]+\/[a-z_-]+$/, 'must be an intent like "shipping/status"'), confidence: z.number().min(0).max(1).optional() });
export type SetIntentInput = z.infer<typeof SetIntentInput>;
export const InternalNoteInput = z.strictObject({ ticket_id: TicketId, body: z.string().min(1).max(20_000) });
export type InternalNoteInput = z.infer<typeof InternalNoteInput>;
export const AssignInput = z.strictObject({ ticket_id: TicketId, team_id: TeamId });
export type AssignInput = z.infer<typeof AssignInput>;
export const ReplyInput = z.strictObject({
  ticket_id: TicketId,
  body: z.string().min(1).max(20_000),
  /** The ticket's channel (Gorgias answers on it); email when absent. */
  channel: z.string().min(1).optional(),
  /** Who receives it (Gorgias needs the address for an email reply). */
  customer_email: z.string().min(3).optional(),
});
export type ReplyInput = z.infer<typeof ReplyInput>;

/** A helpdesk without an intent field gets the intent as a tag: "shipping/status" → "intent_shipping_status". */
export const intentTag = (intent: string): string => `intent_${intent.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;

/** What a vendor's request builders look like: one pure function per operation. */
export interface HelpdeskWire {
  addTags(i: AddTagsInput): WireResult;
  setIntent(i: SetIntentInput): WireResult;
  internalNote(i: InternalNoteInput): WireResult;
  assign(i: AssignInput): WireResult;
  reply(i: ReplyInput): WireResult;
}

export const wire = (method: WireRequest["method"], path: string, body: unknown): WireResult => ({ ok: true, request: { method, path, body } });
