import { afterAll, beforeAll, expect, it } from "vitest";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { benchEvents } from "../../../src/bench/bench-events.js";
import { simulate } from "../../../src/flows/replay/simulate.js";
import { replay, TIMING_FIELDS, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import { builtInRules } from "../../../src/layers/built-in.js";
import { removeTempFolders } from "../../helpers/temp-files.js";
import { engineFor, flowsDir } from "./history.js";
import { changedReview, exampleFiles, ticketFlow, withTickets } from "./ticket-history.js";

/**
 * A replay split by customer (groups.ts) must decide exactly what the whole window in one store
 * decides, on a busy shop with helpdesk messages (ticket-history.ts), through every built-in flow
 * and the example flows. The replay changes flows, so there is something to compare.
 */

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
  expect(byShop.summary.unchanged).toBeGreaterThan(1000);
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
