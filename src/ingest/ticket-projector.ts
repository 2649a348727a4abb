import type { StoredEvent } from "../core/event.js";
import type { OrderRef, Ticket } from "../core/ticket.js";
import { foldTicket, type TicketFact } from "../core/ticket-fold.js";
import type { TicketMessage } from "../core/ticket-payload.js";
import { extractRefs } from "../core/ticket-refs.js";
import { matchTicketOrders, type MatchEvidence } from "../core/ticket-match.js";
import type { ProjectionWrite, Store } from "../store/port.js";

/** A ticket this step changed, and the messages it had not seen before: what a classifier or a flow would look at. */
export interface TicketChange {
  ticket: Ticket;
  newMessages: TicketMessage[];
}

/**
 * The ticket half of a projection step: order facts for matching (from `order.upserted`), and
 * every ticket event folded into its ticket, which is then matched to orders. Runs after the
 * order groups of the same batch, so links and orders written in this batch are seen. Returns
 * the tickets that ticket events changed (the hook where classification and routing plug in).
 */
export async function projectTickets(store: Store, events: readonly StoredEvent[], write: ProjectionWrite): Promise<TicketChange[]> {
  // Most steps fold carrier scans: nothing here to do, and nothing to allocate for it.
  if (!events.some((e) => CONCERNS_TICKETS.has(e.payload.kind))) return [];
  const refs: OrderRef[] = [];
  const groups = new Map<string, { shop: string; helpdesk: string; ticketId: string; facts: TicketFact[] }>();
  for (const e of events) {
    const p = e.payload;
    if (p.kind === "order.upserted") refs.push({ shop: e.shop, orderId: p.orderId, name: p.name, email: p.email?.toLowerCase() ?? null, createdAt: p.createdAt });
    if (p.kind !== "ticket.upserted" && p.kind !== "ticket.message_added") continue;
    const k = `${e.shop}\0${p.ticket.helpdesk}\0${p.ticket.ticketId}`;
    const g = groups.get(k) ?? { shop: e.shop, helpdesk: p.ticket.helpdesk, ticketId: p.ticket.ticketId, facts: [] };
    g.facts.push({ at: e.occurredAt, ticket: p.ticket, message: p.kind === "ticket.message_added" ? p.message : null });
    groups.set(k, g);
  }
  if (refs.length > 0) (write.orderRefs ??= []).push(...refs);
  const changes: TicketChange[] = [];
  for (const g of groups.values()) {
    const prev = inBatch(write, g) ?? (await store.getTicket(g.shop, g.helpdesk, g.ticketId));
    const seen = new Set(prev?.messages.map((m) => m.id));
    const ticket = await rematch(store, foldTicket(g.shop, prev, g.facts), write);
    changes.push({ ticket, newMessages: ticket.messages.filter((m) => !seen.has(m.id)) });
  }
  // A customer who wrote before their order reached us: their open, unlinked tickets get another look.
  const customers = new Map(refs.flatMap((r) => (r.email === null ? [] : [[`${r.shop}\0${r.email}`, { shop: r.shop, email: r.email }] as const])));
  for (const c of customers.values()) {
    for (const summary of await store.listTickets({ shop: c.shop, customerEmail: c.email, limit: 20 })) {
      if (summary.status === "closed" || summary.orders.length > 0 || groups.has(`${summary.shop}\0${summary.helpdesk}\0${summary.ticketId}`)) continue;
      const ticket = inBatch(write, summary) ?? (await store.getTicket(summary.shop, summary.helpdesk, summary.ticketId));
      if (ticket) await rematch(store, ticket, write);
    }
  }
  return changes;
}

/** Events this step reads: ticket facts, and orders (their names and e-mails are what tickets are matched by). */
const CONCERNS_TICKETS: ReadonlySet<string> = new Set(["order.upserted", "ticket.upserted", "ticket.message_added"]);

const inBatch = (write: ProjectionWrite, k: { shop: string; helpdesk: string; ticketId: string }): Ticket | null =>
  write.tickets?.find((t) => t.shop === k.shop && t.helpdesk === k.helpdesk && t.ticketId === k.ticketId) ?? null;

/** Matches the ticket to orders again and puts it in the write, replacing an earlier version of this batch. */
async function rematch(store: Store, folded: Ticket, write: ProjectionWrite): Promise<Ticket> {
  const ticket: Ticket = { ...folded, orders: matchTicketOrders(await gatherEvidence(store, folded, write)) };
  const tickets = (write.tickets ??= []);
  const i = tickets.findIndex((t) => t.shop === ticket.shop && t.helpdesk === ticket.helpdesk && t.ticketId === ticket.ticketId);
  if (i >= 0) tickets[i] = ticket;
  else tickets.push(ticket);
  return ticket;
}

/** Looks up, in the store and in this batch's writes, every order the ticket's evidence could name. */
async function gatherEvidence(store: Store, t: Ticket, write: ProjectionWrite): Promise<MatchEvidence> {
  const batchRefs = (write.orderRefs ?? []).filter((r) => r.shop === t.shop);
  const byNames = async (names: string[]): Promise<OrderRef[]> => {
    const found = new Map((await store.ordersByName(t.shop, names)).map((o) => [o.orderId, o]));
    for (const r of batchRefs) if (r.name !== null && names.includes(r.name)) found.set(r.orderId, r);
    return [...found.values()];
  };

  const text = [t.subject ?? "", ...t.messages.filter((m) => !m.fromAgent).map((m) => m.body)].join("\n");
  const textRefs = extractRefs(text);

  const helpdeskLinks: MatchEvidence["helpdeskLinks"] = [];
  for (const ref of t.shopifyOrderRefs) {
    if (/^\d+$/.test(ref)) helpdeskLinks.push({ ref, order: batchRefs.find((r) => r.orderId === ref) ?? null, orderId: ref });
    else for (const order of await byNames([ref, `#${ref.replace(/^#/, "")}`])) helpdeskLinks.push({ ref, order, orderId: order.orderId });
  }

  const byName: MatchEvidence["byName"] = [];
  if (textRefs.orderNames.length > 0) {
    const found = await byNames(textRefs.orderNames.map((n) => n.name));
    for (const order of found) byName.push({ seen: textRefs.orderNames.find((n) => n.name === order.name)?.seen ?? order.name ?? order.orderId, order });
  }

  const byTracking: MatchEvidence["byTracking"] = [];
  for (const trackingNumber of textRefs.trackingNumbers) {
    const orderId = write.trackingLinks.find((l) => l.shop === t.shop && l.trackingNumber === trackingNumber)?.orderId ?? (await store.orderForTracking(t.shop, trackingNumber));
    if (orderId) byTracking.push({ trackingNumber, orderId });
  }

  let byEmail: OrderRef[] = [];
  if (t.customerEmail) {
    const found = new Map((await store.ordersByEmail(t.shop, t.customerEmail)).map((o) => [o.orderId, o]));
    for (const r of batchRefs) if (r.email === t.customerEmail) found.set(r.orderId, r);
    byEmail = [...found.values()].sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.orderId < b.orderId ? 1 : -1));
  }
  return { customerEmail: t.customerEmail, helpdeskLinks, byName, byTracking, byEmail };
}
