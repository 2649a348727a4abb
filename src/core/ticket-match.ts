import type { OrderRef, TicketMatchReason, TicketOrderLink } from "./ticket.js";

/** What the store found for each kind of evidence; the projector looks these up. */
export interface MatchEvidence {
  customerEmail: string | null;
  /** Orders the helpdesk's Shopify integration names, by id or name. */
  helpdeskLinks: Array<{ ref: string; order: OrderRef | null; orderId: string | null }>;
  /** Order names found in the text, with the text that named them. */
  byName: Array<{ seen: string; order: OrderRef }>;
  byTracking: Array<{ trackingNumber: string; orderId: string }>;
  /** The customer's orders by email, newest first. */
  byEmail: OrderRef[];
}

const RANK: Record<TicketMatchReason, number> = { helpdesk_link: 0, order_number: 1, tracking_number: 2, customer_email: 3 };

function emailNote(order: OrderRef | null, email: string | null): string {
  if (!order?.email || !email) return "";
  return order.email === email ? "; the order's email matches the ticket's" : `; the order's email (${order.email}) differs from the ticket's (${email})`;
}

/**
 * Links a ticket to the orders it concerns, each with the evidence. A link from the helpdesk, an
 * order number or a tracking number names an order outright; the customer's email alone only
 * points at their most recent order, and only when nothing more specific was found.
 */
export function matchTicketOrders(e: MatchEvidence): TicketOrderLink[] {
  const links = new Map<string, TicketOrderLink>();
  const add = (link: TicketOrderLink) => {
    const had = links.get(link.orderId);
    if (!had || RANK[link.reason] < RANK[had.reason]) links.set(link.orderId, link);
  };
  for (const h of e.helpdeskLinks) {
    const orderId = h.order?.orderId ?? h.orderId;
    if (orderId) add({ orderId, reason: "helpdesk_link", detail: `the helpdesk's Shopify integration links order "${h.ref}"${emailNote(h.order, e.customerEmail)}` });
  }
  for (const n of e.byName) add({ orderId: n.order.orderId, reason: "order_number", detail: `"${n.seen}" in the ticket matches order ${n.order.name ?? n.order.orderId}${emailNote(n.order, e.customerEmail)}` });
  for (const t of e.byTracking) add({ orderId: t.orderId, reason: "tracking_number", detail: `tracking number ${t.trackingNumber} in the ticket belongs to order ${t.orderId}` });
  if (links.size === 0 && e.byEmail.length > 0 && e.customerEmail) {
    const latest = e.byEmail[0]!;
    const count = e.byEmail.length;
    add({
      orderId: latest.orderId,
      reason: "customer_email",
      detail: count === 1 ? `${e.customerEmail} has one order, ${latest.name ?? latest.orderId}` : `${e.customerEmail} has ${count} orders and the ticket names none; linked the most recent, ${latest.name ?? latest.orderId}`,
    });
  }
  return [...links.values()].sort((a, b) => RANK[a.reason] - RANK[b.reason] || (a.orderId < b.orderId ? -1 : 1));
}
