import type { Ticket, TicketTransition } from "./ticket.js";
import type { TicketMessage, TicketSnapshot, TicketStatus } from "./ticket-payload.js";

/** What the fold reads of one event: the snapshot, maybe a message, and the event's source time. */
export interface TicketFact {
  at: string;
  ticket: TicketSnapshot;
  message: TicketMessage | null;
}

const seconds = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
const byTime = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/**
 * Folds facts into a ticket. Messages are a set (by id) and statuses a set of observations (by
 * time), so the result does not depend on the order facts arrive in; snapshot fields come from
 * the newest snapshot, and a field it leaves empty keeps what an older one said.
 */
export function foldTicket(shop: string, prev: Ticket | null, facts: readonly TicketFact[]): Ticket {
  if (facts.length === 0 && prev) return prev;
  const sorted = [...facts].sort(byTime);
  const first = sorted[0]!.ticket;
  let t: Ticket = prev ?? emptyTicket(shop, first, sorted[0]!.at);
  const messages = new Map(t.messages.map((m) => [m.id, m]));
  const observations = new Map(t.observations.map((o) => [`${o.at}\0${o.status}`, o]));
  for (const f of sorted) {
    if (f.message) messages.set(f.message.id, f.message);
    const at = f.ticket.updatedAt;
    observations.set(`${at}\0${f.ticket.status}`, { at, status: f.ticket.status });
    t = applySnapshot(t, f.ticket);
  }
  const obs = [...observations.values()].sort((a, b) => byTime(a, b) || STATUS_RANK[a.status] - STATUS_RANK[b.status]);
  const msgs = [...messages.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  return derive({ ...t, observations: obs, messages: msgs });
}

// Two statuses at the same instant: the later in a ticket's life wins, so a close is not undone by a tie.
const STATUS_RANK: Record<TicketStatus, number> = { open: 0, pending: 1, closed: 2 };

function emptyTicket(shop: string, s: TicketSnapshot, at: string): Ticket {
  return {
    shop,
    helpdesk: s.helpdesk,
    ticketId: s.ticketId,
    status: s.status,
    vendorStatus: s.vendorStatus,
    channel: s.channel,
    subject: s.subject,
    customerEmail: s.customerEmail,
    customerName: s.customerName,
    tags: s.tags,
    shopifyOrderRefs: s.shopifyOrderRefs,
    createdAt: s.createdAt ?? at,
    updatedAt: s.updatedAt,
    observations: [],
    transitions: [],
    reopenCount: 0,
    messages: [],
    firstResponseAt: null,
    firstResponseSeconds: null,
    firstResolvedAt: null,
    firstResolutionSeconds: null,
    closedAt: null,
    orders: [],
  };
}

function applySnapshot(t: Ticket, s: TicketSnapshot): Ticket {
  const createdAt = s.createdAt !== null && s.createdAt < t.createdAt ? s.createdAt : t.createdAt;
  const refs = [...new Set([...t.shopifyOrderRefs, ...s.shopifyOrderRefs])];
  // An older snapshot arriving late adds what only it knows, never overwrites newer fields.
  if (s.updatedAt < t.updatedAt) return { ...t, createdAt, shopifyOrderRefs: refs, customerEmail: t.customerEmail ?? s.customerEmail?.toLowerCase() ?? null, channel: t.channel ?? s.channel, subject: t.subject ?? s.subject };
  return {
    ...t,
    vendorStatus: s.vendorStatus ?? t.vendorStatus,
    channel: s.channel ?? t.channel,
    subject: s.subject ?? t.subject,
    customerEmail: s.customerEmail?.toLowerCase() ?? t.customerEmail,
    customerName: s.customerName ?? t.customerName,
    tags: s.tags,
    shopifyOrderRefs: refs,
    createdAt,
    updatedAt: s.updatedAt,
  };
}

function derive(t: Ticket): Ticket {
  const transitions: TicketTransition[] = [];
  let current: TicketStatus | null = null;
  for (const o of t.observations) {
    if (o.status === current) continue;
    transitions.push({ at: o.at, from: current, to: o.status, kind: transitionKind(current, o.status) });
    current = o.status;
  }
  const status = current ?? t.status;
  const firstClose = transitions.find((x) => x.to === "closed") ?? null;
  const lastClose = status === "closed" ? ([...transitions].reverse().find((x) => x.to === "closed") ?? null) : null;
  const reply = t.messages.find((m) => m.fromAgent && m.public && !m.automatic) ?? null;
  return {
    ...t,
    status,
    transitions,
    reopenCount: transitions.filter((x) => x.kind === "reopened").length,
    firstResponseAt: reply?.createdAt ?? null,
    firstResponseSeconds: reply ? seconds(t.createdAt, reply.createdAt) : null,
    firstResolvedAt: firstClose?.at ?? null,
    firstResolutionSeconds: firstClose ? seconds(t.createdAt, firstClose.at) : null,
    closedAt: lastClose?.at ?? null,
  };
}

function transitionKind(from: TicketStatus | null, to: TicketStatus): TicketTransition["kind"] {
  if (from === null) return to === "closed" ? "closed" : "opened";
  if (from === "closed") return "reopened";
  if (to === "open") return "resumed";
  return to;
}
