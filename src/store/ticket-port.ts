import type { OrderRef, Ticket } from "../core/ticket.js";
import type { TicketStatus } from "../core/ticket-payload.js";
import type { TicketRef } from "../core/ticket-of.js";

/** A ticket without its messages: what lists and the order view show. */
export type TicketSummary = Omit<Ticket, "messages">;

export interface TicketQuery {
  shop?: string;
  status?: TicketStatus;
  /** Tickets linked to this order. */
  orderId?: string;
  /** Tickets of this customer (lower-cased email). */
  customerEmail?: string;
  limit?: number;
}

/** The ticket half of the store port (Store extends it). */
export interface TicketReads {
  getTicket(shop: string, helpdesk: string, ticketId: string): Promise<Ticket | null>;
  /** The orders these tickets are linked to, one entry per link, in no particular order; unknown tickets have none. */
  ordersOfTickets(shop: string, tickets: readonly TicketRef[]): Promise<Array<TicketRef & { orderId: string }>>;
  /** Most recently updated first (source time). */
  listTickets(query: TicketQuery): Promise<TicketSummary[]>;
  /** Orders whose name is one of `names` ("#1001"). */
  ordersByName(shop: string, names: readonly string[]): Promise<OrderRef[]>;
  /** A customer's orders by (lower-cased) email, newest first. */
  ordersByEmail(shop: string, email: string): Promise<OrderRef[]>;
}

export const summaryOf = ({ messages: _messages, ...rest }: Ticket): TicketSummary => rest;
