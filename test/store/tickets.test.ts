import { onEveryBackend } from "./backends.js";
import { afterEach, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { foldTicket } from "../../src/core/ticket-fold.js";
import type { OrderRef, Ticket } from "../../src/core/ticket.js";
import type { TicketMessage } from "../../src/core/ticket-payload.js";
import { delivery } from "./builders.js";

const SHOP = "demo.myshopify.com";

function ticket(id: string, status: "open" | "pending" | "closed", at: string, over: Partial<Ticket> = {}, messages: TicketMessage[] = []): Ticket {
  const base = foldTicket(SHOP, null, [
    { at, ticket: { helpdesk: "gorgias", ticketId: id, status, vendorStatus: status, channel: "email", subject: `ticket ${id}`, customerEmail: "ada@example.com", customerName: null, tags: ["a"], shopifyOrderRefs: [], createdAt: at, updatedAt: at }, message: null },
  ]);
  return { ...base, messages, ...over };
}
const message = (id: string, createdAt: string): TicketMessage => ({ id, body: `body ${id}`, fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: null, createdAt });
const ref = (orderId: string, name: string, email: string, createdAt: string): OrderRef => ({ shop: SHOP, orderId, name, email, createdAt });

/** The ticket half of the store contract; every backend must behave the same. */
function ticketContract(open: () => Promise<Store>): void {
  const opened: Store[] = [];
  const fresh = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it("stores a ticket with its messages and order links, and reads it back", async () => {
    const store = await fresh();
    const t = ticket("1", "open", "2026-11-02T08:00:00.000Z", { orders: [{ orderId: "5001", reason: "order_number", detail: '"#1001" in the ticket' }] }, [message("m2", "2026-11-02T08:05:00.000Z"), message("m1", "2026-11-02T08:00:00.000Z")]);
    await store.applyProjection({ ...emptyProjectionWrite(), tickets: [t] });
    const back = await store.getTicket(SHOP, "gorgias", "1");
    expect(back).toEqual({ ...t, messages: [message("m1", "2026-11-02T08:00:00.000Z"), message("m2", "2026-11-02T08:05:00.000Z")] });
    expect(await store.getTicket(SHOP, "zendesk", "1")).toBeNull();
  });

  it("replaces a ticket's links on the next write and keeps every message", async () => {
    const store = await fresh();
    await store.applyProjection({ ...emptyProjectionWrite(), tickets: [ticket("1", "open", "2026-11-02T08:00:00.000Z", { orders: [{ orderId: "5009", reason: "customer_email", detail: "latest" }] }, [message("m1", "2026-11-02T08:00:00.000Z")])] });
    const next = ticket("1", "closed", "2026-11-02T09:00:00.000Z", { orders: [{ orderId: "5001", reason: "order_number", detail: "#1001" }] }, [message("m1", "2026-11-02T08:00:00.000Z"), message("m2", "2026-11-02T09:00:00.000Z")]);
    await store.applyProjection({ ...emptyProjectionWrite(), tickets: [next] });
    const back = await store.getTicket(SHOP, "gorgias", "1");
    expect(back?.orders).toEqual([{ orderId: "5001", reason: "order_number", detail: "#1001" }]);
    expect(back?.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    expect(back?.status).toBe("closed");
  });

  it("reads the orders many tickets are linked to at once: each link once, none of another helpdesk's ticket of the same id", async () => {
    const store = await fresh();
    const zendesk = { ...ticket("1", "open", "2026-11-02T08:00:00.000Z", { orders: [{ orderId: "7001", reason: "customer_email", detail: "z" }] }), helpdesk: "zendesk" };
    await store.applyProjection({
      ...emptyProjectionWrite(),
      tickets: [
        ticket("1", "open", "2026-11-02T08:00:00.000Z", { orders: [{ orderId: "5001", reason: "order_number", detail: "x" }, { orderId: "5002", reason: "customer_email", detail: "y" }] }),
        ticket("2", "open", "2026-11-02T09:00:00.000Z", { orders: [{ orderId: "5003", reason: "helpdesk_link", detail: "z" }] }),
        ticket("3", "open", "2026-11-02T10:00:00.000Z"),
        zendesk,
      ],
    });
    const sorted = (links: Array<{ helpdesk: string; ticketId: string; orderId: string }>) => links.map((l) => `${l.helpdesk}/${l.ticketId}/${l.orderId}`).sort();
    const gorgias = (ticketId: string) => ({ helpdesk: "gorgias", ticketId });
    expect(sorted(await store.ordersOfTickets(SHOP, [gorgias("1"), gorgias("3"), gorgias("9"), gorgias("1")]))).toEqual(["gorgias/1/5001", "gorgias/1/5002"]);
    expect(sorted(await store.ordersOfTickets(SHOP, [gorgias("2"), { helpdesk: "zendesk", ticketId: "1" }]))).toEqual(["gorgias/2/5003", "zendesk/1/7001"]);
    expect(await store.ordersOfTickets("other.myshopify.com", [gorgias("1")])).toEqual([]);
    expect(await store.ordersOfTickets(SHOP, [])).toEqual([]);
    // More tickets than one read takes: every link still comes back.
    const many = Array.from({ length: 1_200 }, (_, i) => gorgias(`x${i}`));
    expect(sorted(await store.ordersOfTickets(SHOP, [...many, gorgias("2")]))).toEqual(["gorgias/2/5003"]);
  });

  it("lists tickets newest first, by status and by linked order, without messages", async () => {
    const store = await fresh();
    await store.applyProjection({
      ...emptyProjectionWrite(),
      tickets: [
        ticket("1", "open", "2026-11-02T08:00:00.000Z", { orders: [{ orderId: "5001", reason: "order_number", detail: "x" }] }, [message("m1", "2026-11-02T08:00:00.000Z")]),
        ticket("2", "closed", "2026-11-02T09:00:00.000Z", { orders: [{ orderId: "5001", reason: "customer_email", detail: "y" }] }),
        ticket("3", "open", "2026-11-02T10:00:00.000Z"),
      ],
    });
    expect((await store.listTickets({ shop: SHOP })).map((t) => t.ticketId)).toEqual(["3", "2", "1"]);
    expect((await store.listTickets({ status: "open" })).map((t) => t.ticketId)).toEqual(["3", "1"]);
    const forOrder = await store.listTickets({ shop: SHOP, orderId: "5001" });
    expect(forOrder.map((t) => t.ticketId)).toEqual(["2", "1"]);
    expect(forOrder[1]).not.toHaveProperty("messages");
    expect(forOrder[1]!.orders).toEqual([{ orderId: "5001", reason: "order_number", detail: "x" }]);
    expect(await store.listTickets({ shop: "other.myshopify.com" })).toEqual([]);
    expect((await store.listTickets({ customerEmail: "ADA@example.com" })).map((t) => t.ticketId)).toEqual(["3", "2", "1"]);
    expect(await store.listTickets({ customerEmail: "bob@example.com" })).toEqual([]);
  });

  it("looks orders up by name and by email (newest first), and forgets them and tickets on reset", async () => {
    const store = await fresh();
    await store.append([delivery()]);
    const refs = [ref("5001", "#1001", "ada@example.com", "2026-11-01T00:00:00.000Z"), ref("5002", "#1002", "ada@example.com", "2026-11-02T00:00:00.000Z"), ref("5003", "#1003", "bob@example.com", "2026-11-03T00:00:00.000Z")];
    await store.applyProjection({ ...emptyProjectionWrite(), orderRefs: refs, tickets: [ticket("1", "open", "2026-11-02T08:00:00.000Z")] });
    expect((await store.ordersByName(SHOP, ["#1001", "1001", "#1003"])).map((o) => o.orderId)).toEqual(["5001", "5003"]);
    expect(await store.ordersByEmail(SHOP, "ADA@example.com")).toEqual([refs[1], refs[0]]);
    expect(await store.ordersByName(SHOP, [])).toEqual([]);
    await store.resetProjections();
    expect(await store.ordersByName(SHOP, ["#1001"])).toEqual([]);
    expect(await store.getTicket(SHOP, "gorgias", "1")).toBeNull();
    expect(await store.listTickets({})).toEqual([]);
  });
}

onEveryBackend("tickets", ticketContract);
