import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../../src/store/sqlite/open.js";
import { foldTicket } from "../../src/core/ticket-fold.js";
import { SHOP, action, delivery, journey, ticketMessagePayload, trackingPayload, write } from "./builders.js";
import { createSendGuard } from "../../src/flows/send-guard.js";
import { plansWhile } from "./prepared-plans.js";
import { listReviewItems } from "../../src/flows/review/queue.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import type { OutboxAction } from "../../src/core/outbox.js";

/**
 * The raw statements the SQLite store prepares for a replay's reads, checked with EXPLAIN QUERY
 * PLAN: each must find its rows by key. SQLite keeps no statistics unless ANALYZE runs, so its
 * planner guesses the join order; a guess that walks every event of the shop returns the same rows
 * (no result test notices) in time that grows with the whole log.
 */
describe("SQLite read plans", () => {
  let store: SqliteStore | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  /** What each statement the store prepared while `read` ran would do, step by step. */
  async function plansOf(read: (s: SqliteStore) => Promise<unknown>): Promise<Array<{ sql: string; steps: string[] }>> {
    store = await openSqliteStore({ memory: true });
    await store.append([
      delivery({ orderKey: "o-1" }),
      delivery({ orderKey: null, trackingKey: "TN-1", payload: trackingPayload("TN-1") }),
      delivery({ orderKey: "o-2" }),
    ]);
    await store.applyProjection(write({ trackingLinks: [{ shop: SHOP, trackingNumber: "TN-1", orderId: "o-1" }] }));
    const s = store;
    return plansWhile(s, () => read(s));
  }

  /** A step that reads every event (or every event of a shop) rather than the keys asked for. */
  const wholeLog = (step: string) => /^SCAN (e|events)\b/.test(step) || /^SEARCH (e|events) USING (COVERING )?INDEX \w+ \(shop=\?\)$/.test(step);

  it("reads many orders' events (a replay's earlier history) by order key and by the links of those orders, never the shop's whole log", async () => {
    const plans = await plansOf(async (s) => {
      const found = await s.eventsForOrders([{ shop: SHOP, orderId: "o-1" }]);
      // The read itself still answers: o-1's own event and the scan linked to it.
      expect(found[0]!.events).toHaveLength(2);
    });
    expect(plans).toHaveLength(1);
    const steps = plans[0]!.steps;
    expect(steps.filter(wholeLog)).toEqual([]);
    // The links are looked up by the orders asked for, then their events by tracking number.
    expect(steps.some((d) => /SEARCH l USING (COVERING )?INDEX tracking_links_order_idx \(shop=\? AND order_id=\?\)/.test(d))).toBe(true);
    expect(steps.some((d) => /SEARCH e USING INDEX events_tracking_idx \(shop=\? AND tracking_key=\?\)/.test(d))).toBe(true);
  });

  it("reads a window by its source-time span, not by a pass over the log", async () => {
    const plans = await plansOf((s) => s.listEventsBySourceTime("2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z"));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.steps.some((d) => /USING (COVERING )?INDEX events_occurred_idx/.test(d))).toBe(true);
    expect(plans[0]!.steps.filter((d) => /^SCAN events\b/.test(d))).toEqual([]);
  });

  it("counts a window's events (a replay's size check) on the source-time index alone", async () => {
    const plans = await plansOf((s) => s.countEventsBySourceTime("2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z"));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.steps).toEqual(["SEARCH events USING COVERING INDEX events_occurred_idx (occurred_at>? AND occurred_at<?)"]);
  });

  it("counts what the live page shows (asked every two seconds) on indexes alone, reading no row's data", async () => {
    const plans = await plansOf((s) => s.counts());
    expect(plans.map((p) => p.sql.match(/from "(\w+)"/)?.[1])).toEqual(["journeys", "outbox", "flow_runs"]);
    for (const { steps } of plans) {
      const reads = steps.filter((d) => /^(SCAN|SEARCH) /.test(d));
      expect(reads.length).toBeGreaterThan(0);
      for (const d of reads) expect(d).toMatch(/USING COVERING INDEX/);
    }
  });

  it("reads many tickets' events (a replay's tickets) in one statement, each ticket by its index, never the shop's whole log", async () => {
    const tickets = Array.from({ length: 450 }, (_, i) => ({ helpdesk: "gorgias", ticketId: `T${i}` }));
    const plans = await plansOf(async (s) => {
      await s.append([delivery({ source: "gorgias", orderKey: null, payload: ticketMessagePayload("gorgias", "T7", "m1") })]);
      expect(await s.listEvents({ shop: SHOP, tickets })).toHaveLength(1);
    });
    const reads = plans.filter((p) => /from "events"/.test(p.sql) && /ticket_key/.test(p.sql));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.steps.filter(wholeLog)).toEqual([]);
    expect(reads[0]!.steps).toContainEqual(expect.stringMatching(/^SEARCH events USING INDEX events_ticket_idx \(shop=\? AND ticket_key=\?\)/));
  });

  it("reads a ticket's order links and orders by name (each ticket event's fold does both) by key, not every link or order of the shop", async () => {
    const plans = await plansOf(async (s) => {
      const at = "2026-03-01T10:00:00.000Z";
      const ticket = foldTicket(SHOP, null, [{ at, message: null, ticket: { helpdesk: "gorgias", ticketId: "1", status: "open", vendorStatus: "open", channel: "email", subject: "Where is my order?", customerEmail: "ada@example.com", customerName: null, tags: [], shopifyOrderRefs: [], createdAt: at, updatedAt: at } }]);
      await s.applyProjection(write({ tickets: [{ ...ticket, orders: [{ orderId: "o-1", reason: "customer_email", detail: "latest" }] }] }));
      expect((await s.getTicket(SHOP, "gorgias", "1"))?.orders).toHaveLength(1);
      await s.ordersOfTickets(SHOP, [{ helpdesk: "gorgias", ticketId: "1" }, { helpdesk: "zendesk", ticketId: "2" }]);
      await s.ordersByName(SHOP, ["#1001", "#1002"]);
      await s.ordersByEmail(SHOP, "ada@example.com");
    });
    const reads = plans.filter((p) => /^\s*select .* from "(ticket_orders|order_refs)"/.test(p.sql));
    // Tickets' links (one statement serves both reads), orders by name, orders by e-mail.
    expect(new Set(reads.map((p) => p.sql)).size).toBe(3);
    for (const { sql, steps } of reads) {
      const shopWide = steps.filter((d) => /^SCAN (ticket_orders|order_refs)\b/.test(d) || /INDEX \w+ \(shop=\?\)$/.test(d));
      expect({ sql, shopWide }).toEqual({ sql, shopWide: [] });
    }
  });

  it("lists the latest orders and runs and the oldest outbox actions (the live page, the API's unfiltered lists) a page at a time, on indexes in the listed order, sorting nothing", async () => {
    const plans = await plansOf(async (s) => {
      await s.listJourneys(undefined, 5000);
      await s.journeyDigests(5000);
      await s.listRuns({ limit: 50 });
      await s.listOutbox({ limit: 50 });
    });
    expect(plans).toHaveLength(4);
    for (const { sql, steps } of plans) {
      const sorts = steps.filter((d) => /TEMP B-TREE/.test(d) || /^SCAN (journeys|flow_runs|outbox)$/.test(d));
      expect({ sql, sorts }).toEqual({ sql, sorts: [] });
    }
  });

  it("pages one shop's runs (of a status most runs end in too) and outbox actions (the API's lists with ?shop=) on the same indexes, checking the shop and the status on the way, sorting nothing of the shop's", async () => {
    const plans = await plansOf(async (s) => {
      await s.listRuns({ shop: SHOP, limit: 50 });
      await s.listRuns({ shop: SHOP, status: "completed", limit: 50 });
      await s.listOutbox({ shop: SHOP, limit: 50 });
      await s.listOutbox({ shop: SHOP, status: "delivered", limit: 50 });
    });
    expect(plans.map((p) => p.steps.filter((d) => /^(SCAN|SEARCH) (flow_runs|outbox)\b/.test(d) || /TEMP B-TREE/.test(d)))).toEqual([
      ["SCAN flow_runs USING INDEX flow_runs_recent_idx"],
      ["SCAN flow_runs USING INDEX flow_runs_recent_idx"],
      ["SCAN outbox USING INDEX outbox_created_idx"],
      ["SCAN outbox USING INDEX outbox_created_idx"],
    ]);
  });

  it("lists a shop's dead letters (the API's ?status=dead&shop=) by their status, not by walking every action the shop sent", async () => {
    const plans = await plansOf((s) => s.listOutbox({ shop: SHOP, status: "dead", limit: 50 }));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.steps.filter((d) => /^(SCAN|SEARCH) outbox\b/.test(d))).toEqual(["SEARCH outbox USING INDEX outbox_due_idx (status=?)"]);
  });

  it("reads what the outbox changed since an instant (the post-purchase figures, the send guard's check of a recipient without an order) by its last update, never the whole outbox or the shop's", async () => {
    const since = "2026-03-05T00:00:00.000Z";
    const plans = await plansOf(async (s) => {
      await s.listOutbox({ updatedAfter: since, limit: 100_000 });
      await s.listOutbox({ shop: SHOP, updatedAfter: since, limit: 100_000 });
      await s.listOutbox({ shop: SHOP, channel: "notify.customer", status: "delivered", updatedAfter: since });
    });
    expect(plans).toHaveLength(3);
    for (const { sql, steps } of plans) {
      // A range of the update index, in its order: no scan, no shop-wide search, no sort.
      const wide = steps.filter((d) => /^SCAN outbox/.test(d) || /\(shop=\?\)$/.test(d) || /\(status=\?\)$/.test(d) || /TEMP B-TREE/.test(d));
      expect({ sql, wide }).toEqual({ sql, wide: [] });
      expect(steps.join("; ")).toMatch(/USING INDEX outbox_(shop_)?updated_idx \((shop=\? AND )?updated_at>\?\)/);
    }
  });

  it("reads what the send guard counts before a customer message leaves by the order, the last update or the status, never by the shop alone", async () => {
    const message = (over: Partial<OutboxAction>): OutboxAction => ({
      id: "a-1",
      shop: SHOP,
      idempotencyKey: "k-1",
      channel: "notify.customer",
      orderId: "o-1",
      decisionId: null,
      payload: { metric: "Order Shipped", profile: { email: "jon@example.com" }, properties: {} },
      status: "in_flight",
      attempts: 0,
      nextAttemptAt: "2026-03-05T10:00:00.000Z",
      lastError: null,
      claimedBy: "boot",
      leaseUntil: null,
      deliveredAt: null,
      createdAt: "2026-03-05T10:00:00.000Z",
      updatedAt: "2026-03-05T10:00:00.000Z",
      ...over,
    });
    const now = new Date("2026-03-05T10:00:00.000Z");
    const plans = await plansOf(async (s) => {
      const guard = createSendGuard({ store: s, settingsFor: () => defaultShopSettings, channel: "notify.customer" });
      // To an e-mail, about an order: the messages of that customer's orders.
      expect(await guard.check(message({}), now)).toMatchObject({ action: "send" });
      // To a phone, about no order: the shop's messages delivered within the cap's window, and those going out now.
      expect(await guard.check(message({ orderId: null, payload: { metric: "Order Shipped", profile: { phone_number: "+15555550100" }, properties: {} } }), now)).toMatchObject({ action: "send" });
    });
    const outboxReads = plans.filter((p) => /from "outbox"/.test(p.sql));
    // Four statements: by order (delivered, or going out now), by order and last update, the shop's by last update, the shop's going out now.
    expect(outboxReads).toHaveLength(4);
    for (const { sql, steps } of outboxReads) {
      const wide = steps.filter((d) => /^SCAN outbox/.test(d) || /\(shop=\?\)$/.test(d));
      expect({ sql, wide }).toEqual({ sql, wide: [] });
      // A read for one order finds it by the order: an index of the shop and a status would walk every message of that status.
      if (/"order_id" = \?/.test(sql)) expect({ sql, steps }).toEqual({ sql, steps: expect.arrayContaining([expect.stringMatching(/USING INDEX outbox_order_idx \(shop=\? AND order_id=\?\)/)]) });
    }
  });

  it("lists a shop's review queue (runs at an approval gate, escalations) by status, not by walking the shop's runs or outbox", async () => {
    const plans = await plansOf(async (s) => {
      await listReviewItems(s, { action: () => null }, { shop: SHOP, limit: 50 });
    });
    expect(plans.map((p) => p.sql.match(/from "(\w+)"/)?.[1])).toEqual(["flow_runs", "outbox"]);
    for (const { sql, steps } of plans) {
      const wide = steps.filter((d) => /^SCAN (flow_runs|outbox)/.test(d) || /\(shop=\?\)$/.test(d));
      expect({ sql, wide }).toEqual({ sql, wide: [] });
    }
  });

  it("marks a claimed batch in flight by its ids, not by walking every pending action", async () => {
    // The dispatcher's default batch: with a few ids SQLite looks each up anyway; with 25 it weighed them against the status.
    const due = Array.from({ length: 25 }, (_, i) => action(`a-${String(i).padStart(2, "0")}`, { createdAt: "2026-03-05T10:00:00.000Z" }));
    const plans = await plansOf(async (s) => {
      await s.applyProjection(write({ outbox: due }));
      expect(await s.claimOutbox("2026-03-05T11:00:00.000Z", 25, "boot", "2026-03-05T11:05:00.000Z")).toHaveLength(25);
    });
    const claim = plans.filter((p) => /^update "outbox" set "status"/.test(p.sql));
    expect(claim).toHaveLength(1);
    expect(claim[0]!.steps).toEqual([expect.stringMatching(/USING (COVERING )?INDEX sqlite_autoindex_outbox_1 \(id=\?\)/)]);
  });

  it("reads reality's records of a chunk's orders (what a replay compares with) in one statement per table, by order key, never the shop's rows", async () => {
    // More than a chunk of placeholders held (500): chunks of two sizes were two statements per table.
    const orders = Array.from({ length: 1_200 }, (_, i) => ({ shop: SHOP, orderId: `o-${i}` }));
    const plans = await plansOf(async (s) => {
      await s.outcomesForOrders(orders);
      await s.recordsForOrders(orders);
      await s.getRuns(orders.map((o) => `run-${o.orderId}`));
    });
    const reads = plans.filter((p) => /^\s*select /i.test(p.sql));
    // Decisions, run outcomes, action outcomes, whole runs, whole actions (the records share the first), runs by id: one statement each, whatever the count.
    expect(reads).toHaveLength(6);
    for (const { sql, steps } of reads) {
      const shopWide = steps.filter((d) => /^SCAN (decisions|flow_runs|outbox)\b/.test(d) || /\(shop=\?\)$/.test(d));
      expect({ sql, shopWide }).toEqual({ sql, shopWide: [] });
    }
  });

  it("reads the keys a replay of a recent window asks for in bulk in one statement each, every key by index, never the shop's rows", async () => {
    // More keys than a chunk of placeholders held, and a customer on every order: the plan must still go by the keys asked for.
    const orders = Array.from({ length: 450 }, (_, i) => ({ shop: SHOP, orderId: `o-${i}` }));
    const plans = await plansOf(async (s) => {
      await s.applyProjection(write({ journeys: orders.map((o, i) => journey(o.orderId, { email: `c${i % 50}@example.com` })) }));
      const customers = await s.customerKeysOf(orders);
      expect(customers).toHaveLength(450);
      expect(await s.ordersOfCustomers(SHOP, customers.map((c) => c.customerKey))).toHaveLength(450);
      expect(await s.journeysFor(orders)).toHaveLength(450);
      await s.eventKeysBefore("2026-03-02T00:00:00.000Z", { orders, tracking: orders.map((o) => ({ shop: SHOP, trackingNumber: `TN-${o.orderId}` })) });
      await s.firstStepsOfOrders(orders);
      await s.stepsOfEvents(orders.map((o) => `e-${o.orderId}`));
      await s.ordersForTracking(orders.map((o) => ({ shop: SHOP, trackingNumber: `TN-${o.orderId}` })));
      await s.holdsForCustomers(SHOP, customers.map((c) => c.customerKey));
    });
    const reads = plans.filter((p) => /^\s*select /i.test(p.sql));
    expect(reads).toHaveLength(9);
    for (const { sql, steps } of reads) {
      const shopWide = steps.filter((d) => /^SCAN (journeys|events|tracking_links|holds)\b/.test(d) || /\(shop=\?\)$/.test(d) || /\(shop=\? AND \w+[<>]\?\)/.test(d));
      expect({ sql, shopWide }).toEqual({ sql, shopWide: [] });
    }
  });
});
