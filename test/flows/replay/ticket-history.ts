import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { StoredEvent } from "../../../src/core/event.js";
import { BENCH_SHOP } from "../../../src/bench/bench-events.js";
import { TicketTriaged } from "../../../src/core/ticket-triage.js";

/**
 * A busy shop's history for replays split by customer: the benchmark's simulated shop (repeat
 * customers, late and lost parcels) with helpdesk messages written into it — some name their
 * order, some only come from the customer's address, one names another customer's order — and a
 * ticket flow whose condition counts the customer's orders.
 */

export const examples = join(import.meta.dirname, "..", "..", "..", "examples", "flows");
export const exampleFiles = Object.fromEntries(readdirSync(examples).map((f) => [f, readFileSync(join(examples, f), "utf8")]));

export const ticketFlow = (minOrders: number) => `
id: repeat-customer-ticket
version: ${minOrders}
description: A message about an order from a repeat customer tells the team.
trigger:
  events: [ticket.message_added]
conditions:
  - 'order != null'
  - 'customer.orders_count >= ${minOrders}'
steps:
  - id: tell
    action: alert.team
    input: { text: '{{ order.name }}: {{ customer.orders_count }} orders, {{ customer.active_holds }} holds' }
`;

/** Review requests wait longer, and only for orders of 60.00 or more, in the replay: runs change and vanish. */
export const changedReview = exampleFiles["review-request.yaml"]!
  .replace(/version: (\d+)/, (_, v: string) => `version: ${Number(v) + 1}`)
  .replace(/duration: \S+/, "duration: 5d")
  .replace("conditions:\n", "conditions:\n  - 'order.total_price >= 60.0'\n");

interface Order {
  orderId: string;
  name: string;
  email: string | null;
  at: string;
}

export function withTickets(events: StoredEvent[]): StoredEvent[] {
  const orders: Order[] = [];
  for (const e of events) if (e.payload.kind === "order.upserted" && e.payload.name && e.payload.email) orders.push({ orderId: e.payload.orderId, name: e.payload.name, email: e.payload.email, at: e.receivedAt });
  const tickets: StoredEvent[] = [];
  const message = (o: Order, i: number, body: string, email: string | null): StoredEvent => {
    const at = new Date(Date.parse(o.at) + 3 * 86_400_000 + i * 1000).toISOString();
    return {
      id: `ticket-${i}`,
      seq: 0,
      shop: BENCH_SHOP,
      source: "gorgias",
      topic: "ticket-message-created",
      occurredAt: at,
      receivedAt: at,
      deliveryId: `ticket-${i}`,
      orderKey: null,
      trackingKey: null,
      rawBodyId: null,
      payload: {
        kind: "ticket.message_added",
        ticket: { helpdesk: "gorgias", ticketId: `T${i}`, status: "open", vendorStatus: "open", channel: "email", subject: "Where is my order?", customerEmail: email, customerName: null, tags: [], shopifyOrderRefs: [], createdAt: at, updatedAt: at },
        message: { id: `M${i}`, body, fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: email, createdAt: at },
      },
    };
  };
  orders.forEach((o, i) => {
    if (i % 5 === 0) tickets.push(message(o, i, `Hi, order ${o.name} has not arrived.`, o.email));
    else if (i % 5 === 1) tickets.push(message(o, i, "Any news on my parcel?", o.email?.toUpperCase() ?? null));
    // A gift: someone else asks about this customer's order by its name.
    else if (i % 50 === 2) tickets.push(message(o, i, `My friend's order ${o.name} — did it ship?`, `friend-${i}@example.com`));
  });
  return [...events, ...tickets].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0)).map((e, i) => ({ ...e, seq: i + 1 }));
}


/** What triage would record on a message (core/ticket-triage.ts), with a draft offered: every ticket flow starts on it. */
function triaged(message: StoredEvent, orderId: string | null, minutes: number): StoredEvent {
  if (message.payload.kind !== "ticket.message_added") throw new Error("not a message");
  const { ticket, message: m } = message.payload;
  const at = new Date(Date.parse(message.receivedAt) + minutes * 60_000).toISOString();
  const payload = TicketTriaged.parse({
    kind: "ticket.triaged",
    helpdesk: ticket.helpdesk,
    ticketId: ticket.ticketId,
    messageId: m.id,
    redactedMessage: m.body,
    orderId,
    classification: { intent: "where_is_my_order", confidence: 0.91, runnerUp: null, sentiment: [], language: "en", entities: {}, handover: [], needsHuman: false, reasons: [], engine: "offline:test" },
    tags: ["where_is_my_order", "intent__where_is_my_order"],
    note: "Order in transit.",
    draft: { offered: true, text: "Your parcel is on its way.", reasons: [], explanation: null },
    humanReasons: [],
  });
  return { ...message, id: `triaged-${m.id}`, source: "triage", topic: "ticket.triaged", deliveryId: `triaged-${m.id}`, occurredAt: at, receivedAt: at, payload };
}

/**
 * Conversations that run for days (`withTickets`'s messages, each triaged ten minutes later, and a
 * follow-up two days on, triaged too): a window that starts between them finds tickets whose
 * beginning lies before it.
 */
export function withConversations(events: StoredEvent[]): StoredEvent[] {
  const all = withTickets(events);
  const orderNamed = new Map<string, string>();
  for (const e of all) if (e.payload.kind === "order.upserted" && e.payload.name) orderNamed.set(e.payload.name, e.payload.orderId);
  const more: StoredEvent[] = [];
  for (const e of all) {
    if (e.payload.kind !== "ticket.message_added") continue;
    const named = /#\d+/.exec(e.payload.message.body)?.[0];
    const orderId = named ? (orderNamed.get(named) ?? null) : null;
    const at = new Date(Date.parse(e.receivedAt) + 2 * 86_400_000).toISOString();
    const followUp: StoredEvent = {
      ...e,
      id: `${e.id}-2`,
      deliveryId: `${e.deliveryId}-2`,
      occurredAt: at,
      receivedAt: at,
      payload: { ...e.payload, ticket: { ...e.payload.ticket, updatedAt: at }, message: { ...e.payload.message, id: `${e.payload.message.id}-2`, body: "Still nothing. Any update?", createdAt: at } },
    };
    more.push(triaged(e, orderId, 10), followUp, triaged(followUp, orderId, 10));
  }
  return [...all, ...more].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0)).map((e, i) => ({ ...e, seq: i + 1 }));
}
