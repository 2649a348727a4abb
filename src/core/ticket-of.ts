import type { NormalizedPayload } from "./normalized.js";

/** A helpdesk ticket, as the events about it name it. */
export interface TicketRef {
  helpdesk: string;
  ticketId: string;
}

/** The ticket an event is about: a ticket's own changes and messages, and what triage concluded on one. */
export function ticketOf(p: NormalizedPayload): TicketRef | null {
  if (p.kind === "ticket.upserted" || p.kind === "ticket.message_added") return { helpdesk: p.ticket.helpdesk, ticketId: p.ticket.ticketId };
  if (p.kind === "ticket.triaged") return { helpdesk: p.helpdesk, ticketId: p.ticketId };
  return null;
}
