import { z } from "zod";
import { TicketMessage, TicketSnapshot, TicketStatus } from "./ticket-payload.js";

/** Why a ticket is linked to an order, strongest first. */
export const TicketMatchReason = z.enum(["helpdesk_link", "order_number", "tracking_number", "customer_email"]);
export type TicketMatchReason = z.infer<typeof TicketMatchReason>;

export const TicketOrderLink = z.object({
  orderId: z.string(),
  reason: TicketMatchReason,
  /** What was seen and compared: `"#1001" in the subject; the order's email matches the ticket's`. */
  detail: z.string(),
});
export type TicketOrderLink = z.infer<typeof TicketOrderLink>;

/** A status change at source time; `reopened` is closed → open or pending. */
export const TicketTransition = z.object({
  at: z.string(),
  from: TicketStatus.nullable(),
  to: TicketStatus,
  kind: z.enum(["opened", "pending", "closed", "reopened", "resumed"]),
});
export type TicketTransition = z.infer<typeof TicketTransition>;

/** The ticket projection: derived from the log, rebuilt with everything else. */
export const Ticket = TicketSnapshot.extend({
  shop: z.string(),
  createdAt: z.string(),
  /** Source time of the newest snapshot folded in. */
  updatedAt: z.string(),
  /** Every status seen, at source time, sorted: the transitions derive from it whatever the arrival order. */
  observations: z.array(z.object({ at: z.string(), status: TicketStatus })),
  transitions: z.array(TicketTransition),
  reopenCount: z.number().int(),
  messages: z.array(TicketMessage),
  /** First public, non-automatic agent reply. */
  firstResponseAt: z.string().nullable(),
  firstResponseSeconds: z.number().nullable(),
  /** First time the ticket was closed, and the current close when it is closed now. */
  firstResolvedAt: z.string().nullable(),
  firstResolutionSeconds: z.number().nullable(),
  closedAt: z.string().nullable(),
  orders: z.array(TicketOrderLink),
});
export type Ticket = z.infer<typeof Ticket>;

/** The order facts ticket matching looks up: kept per order by the ticket projector. */
export const OrderRef = z.object({
  shop: z.string(),
  orderId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(), // lower-cased
  createdAt: z.string(),
});
export type OrderRef = z.infer<typeof OrderRef>;

export const ticketKey = (t: Pick<Ticket, "helpdesk" | "ticketId">): string => `${t.helpdesk}:${t.ticketId}`;
