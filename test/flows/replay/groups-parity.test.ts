import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../../src/core/event.js";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { benchEvents, BENCH_SHOP } from "../../../src/bench/bench-events.js";
import { simulate } from "../../../src/flows/replay/simulate.js";
import { replay, TIMING_FIELDS, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import { builtInRules } from "../../../src/layers/built-in.js";
import { removeTempFolders } from "../../helpers/temp-files.js";
import { engineFor, flowsDir } from "./history.js";

/**
 * A replay split by customer (groups.ts) must decide exactly what the whole window in one store
 * decides. The history: the benchmark's simulated shop (repeat customers, late and lost parcels,
 * every built-in flow and the example flows) with helpdesk messages written into it — some name
 * their order, some only come from the customer's address, one names another customer's order —
 * and a ticket flow whose condition counts the customer's orders. The replay changes flows, so
 * there is something to compare.
 */

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "flows");
const exampleFiles = Object.fromEntries(readdirSync(examples).map((f) => [f, readFileSync(join(examples, f), "utf8")]));

const ticketFlow = (minOrders: number) => `
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
const changedReview = exampleFiles["review-request.yaml"]!
  .replace(/version: (\d+)/, (_, v: string) => `version: ${Number(v) + 1}`)
  .replace(/duration: \S+/, "duration: 5d")
  .replace("conditions:\n", "conditions:\n  - 'order.total_price >= 60.0'\n");

interface Order {
  orderId: string;
  name: string;
  email: string | null;
  at: string;
}

function withTickets(events: StoredEvent[]): StoredEvent[] {
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

const events = withTickets(benchEvents(2500));
const from = events[0]!.occurredAt;
const to = events.at(-1)!.occurredAt;
const source = new MemoryStore();
const deps = { rules: builtInRules, settingsFor: () => defaultShopSettings };
const middle = new Date((Date.parse(from) + Date.parse(to)) / 2).toISOString();
let byShop: ReplayResult;
let byCustomer: ReplayResult;
let recentByShop: ReplayResult;
let recentByCustomer: ReplayResult;

beforeAll(async () => {
  const live = engineFor(flowsDir({ ...exampleFiles, "ticket.yaml": ticketFlow(3) }));
  await simulate({ store: source, events, horizon: to, deps: { ...deps, flows: live, decide: true } });
  const changed = engineFor(flowsDir({ ...exampleFiles, "review-request.yaml": changedReview, "ticket.yaml": ticketFlow(2) }));
  byShop = await replay({ source, from, to, engine: changed, ...deps, groupBy: "shop" });
  byCustomer = await replay({ source, from, to, engine: changed, ...deps });
  // From the middle: touched orders start from their earlier events, their customers' other orders and holds are seeds.
  recentByShop = await replay({ source, from: middle, to, engine: changed, ...deps, groupBy: "shop" });
  recentByCustomer = await replay({ source, from: middle, to, engine: changed, ...deps });
}, 120_000);
afterAll(removeTempFolders);

const outcome = (r: ReplayResult) => {
  const copy: Record<string, unknown> = { ...r };
  for (const f of [...TIMING_FIELDS, "groups"]) delete copy[f];
  return copy;
};

it("splits the shop's customers into many independent groups", () => {
  expect(byShop.groups).toEqual({ by: "shop", count: 1, reason: "asked for one group" });
  expect(byCustomer.groups.by).toBe("customer");
  expect(byCustomer.groups.count).toBeGreaterThan(5);
});

it("the changed flows make differences of every kind, the ticket flow's among them", () => {
  const all = [...byShop.diff.added, ...byShop.diff.removed, ...byShop.diff.changed];
  expect(byShop.diff.added.length).toBeGreaterThan(0);
  expect(byShop.diff.removed.length).toBeGreaterThan(0);
  expect(byShop.diff.changed.length).toBeGreaterThan(0);
  const ticketActions = all.filter((e) => e.source === "repeat-customer-ticket");
  expect(ticketActions.length).toBeGreaterThan(10);
  // A customer's count is only 2 where the ticket's group holds both of their orders.
  expect(ticketActions.filter((e) => e.what.includes(": 2 orders, ")).length).toBeGreaterThan(10);
});

it("a replay by customer decides exactly what the whole shop in one store decides", () => {
  expect(outcome(byCustomer)).toEqual(outcome(byShop));
});

it("so does a window that starts mid-history, whose groups start from seeds", () => {
  expect(recentByCustomer.groups.count).toBeGreaterThan(5);
  expect(recentByShop.summary.added + recentByShop.summary.removed + recentByShop.summary.changed).toBeGreaterThan(0);
  expect(outcome(recentByCustomer)).toEqual(outcome(recentByShop));
});
