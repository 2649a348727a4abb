import { z } from "zod";

/**
 * The helpdesk-neutral shape of a ticket and its messages, as connectors normalize them. The
 * helpdesk is only a name here: the core knows no vendor.
 */

/** Firebreak's three ticket states; vendor states map onto them (Zendesk new/open → open, solved/closed → closed, hold → pending). */
export const TicketStatus = z.enum(["open", "pending", "closed"]);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketMessage = z.object({
  id: z.string().min(1),
  body: z.string(),
  /** Written by an agent (or a rule / the API acting for one), not by the customer. */
  fromAgent: z.boolean(),
  /** Visible to the customer; internal notes are not. */
  public: z.boolean(),
  /** Sent by a rule, macro or auto-responder: excluded from first response time. */
  automatic: z.boolean(),
  channel: z.string().nullable(),
  authorEmail: z.string().nullable(),
  createdAt: z.string(),
});
export type TicketMessage = z.infer<typeof TicketMessage>;

/** What one delivery says about the ticket as a whole, at `updatedAt` (source time). */
export const TicketSnapshot = z.object({
  helpdesk: z.string().min(1), // "gorgias", "zendesk"
  ticketId: z.string().min(1),
  status: TicketStatus,
  vendorStatus: z.string().nullable(),
  channel: z.string().nullable(),
  subject: z.string().nullable(),
  customerEmail: z.string().nullable(),
  customerName: z.string().nullable(),
  tags: z.array(z.string()),
  /** Shopify orders the helpdesk's own Shopify integration links the ticket to: ids or names ("#1001"). */
  shopifyOrderRefs: z.array(z.string()),
  createdAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type TicketSnapshot = z.infer<typeof TicketSnapshot>;
