import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { projectBatch } from "../../src/ingest/projector.js";
import { projectTickets } from "../../src/ingest/ticket-projector.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import type { NormalizedPayload } from "../../src/core/normalized.js";
import { delivery, orderPayload, SHOP } from "../store/builders.js";

const ticketPayload = (ticketId: string, email: string, body: string, at: string): NormalizedPayload => ({
  kind: "ticket.message_added",
  ticket: { helpdesk: "zendesk", ticketId, status: "open", vendorStatus: "open", channel: "email", subject: "Question", customerEmail: email, customerName: null, tags: [], shopifyOrderRefs: [], createdAt: at, updatedAt: at },
  message: { id: `m-${ticketId}`, body, fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: email, createdAt: at },
});
const project = (store: MemoryStore) => projectBatch({ store, settingsFor: () => defaultShopSettings, rules: [], decide: false });

describe("ticket projection", () => {
  it("links a ticket that arrived before its order once the order arrives, by email, and by number over email", async () => {
    const store = new MemoryStore();
    await store.append([
      delivery({ source: "zendesk", orderKey: null, occurredAt: "2026-03-01T09:00:00.000Z", payload: ticketPayload("1", "ada@example.com", "Did my order go through?", "2026-03-01T09:00:00.000Z") }),
      delivery({ source: "zendesk", orderKey: null, occurredAt: "2026-03-01T09:00:00.000Z", payload: ticketPayload("2", "bob@example.com", "About order #1002", "2026-03-01T09:00:00.000Z") }),
    ]);
    await project(store);
    expect((await store.getTicket(SHOP, "zendesk", "1"))!.orders).toEqual([]);

    await store.append([delivery({ orderKey: "5001", payload: orderPayload("5001", { name: "#1001", email: "Ada@Example.com" }) })]);
    await project(store);
    expect((await store.getTicket(SHOP, "zendesk", "1"))!.orders).toEqual([{ orderId: "5001", reason: "customer_email", detail: "ada@example.com has one order, #1001" }]);

    // Bob's ticket names #1002; the order arrives with a different email: linked by number, and the difference is said.
    await store.append([delivery({ orderKey: "5002", payload: orderPayload("5002", { name: "#1002", email: "carol@example.com" }) })]);
    await project(store);
    expect((await store.getTicket(SHOP, "zendesk", "2"))!.orders).toEqual([]); // Bob has no order of his own: nothing re-looks at his ticket
    await store.append([delivery({ source: "zendesk", orderKey: null, occurredAt: "2026-03-01T10:00:00.000Z", deliveryId: "again", payload: ticketPayload("2", "bob@example.com", "About order #1002", "2026-03-01T10:00:00.000Z") })]);
    await project(store);
    expect((await store.getTicket(SHOP, "zendesk", "2"))!.orders).toEqual([
      { orderId: "5002", reason: "order_number", detail: '"order #1002" in the ticket matches order #1002; the order\'s email (carol@example.com) differs from the ticket\'s (bob@example.com)' },
    ]);
  });

  it("reports each changed ticket with the messages it had not seen (the classification hook)", async () => {
    const store = new MemoryStore();
    await store.append([
      delivery({ source: "zendesk", orderKey: null, payload: ticketPayload("7", "ada@example.com", "first", "2026-03-01T09:00:00.000Z") }),
    ]);
    const first = await projectTickets(store, await store.unprojected(10), emptyProjectionWrite());
    expect(first.map((c) => [c.ticket.ticketId, c.newMessages.map((m) => m.body)])).toEqual([["7", ["first"]]]);
    await project(store);
    const again = { ...ticketPayload("7", "ada@example.com", "second", "2026-03-01T10:00:00.000Z") } as Extract<NormalizedPayload, { kind: "ticket.message_added" }>;
    again.message = { ...again.message, id: "m-7b" };
    await store.append([delivery({ source: "zendesk", orderKey: null, deliveryId: "second", payload: again })]);
    const second = await projectTickets(store, await store.unprojected(10), emptyProjectionWrite());
    expect(second.map((c) => c.newMessages.map((m) => m.body))).toEqual([["second"]]);
    expect(second[0]!.ticket.messages).toHaveLength(2);
  });
});
