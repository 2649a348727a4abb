import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchEvents } from "../../src/bench/bench-events.js";
import { depsOf, setupOf } from "../../src/bench/replay-sets.js";
import { simulate } from "../../src/flows/replay/simulate.js";
import { dispatchDue } from "../../src/flows/dispatcher.js";
import { dispatchChecks } from "../../src/flows/dispatch-checks.js";
import { ChannelRegistry } from "../../src/flows/channel.js";
import { DEFAULT_RETRY_POLICY } from "../../src/flows/backoff.js";
import { delivered } from "../../src/flows/delivery-result.js";
import { FakeClock } from "../../src/core/clock.js";
import { ShopSettings } from "../../src/core/settings.js";
import { openSqliteStore, type SqliteStore } from "../../src/store/sqlite/open.js";
import { plansWhile } from "./prepared-plans.js";

/**
 * Every statement the live worker prepares while it folds arrivals through every built-in flow and
 * the example flows, and every statement the dispatcher prepares while it sends what they
 * enqueued, through EXPLAIN QUERY PLAN: each must find its rows by key. SQLite keeps no
 * statistics, and an index that saves it a sort can take a read away from a more selective one;
 * such a read returns the same rows (no result test notices) in time that grows with the shop.
 * This is where a new index shows what it does to the reads already there.
 */
describe("SQLite plans of the live worker and the dispatcher", () => {
  let store: SqliteStore;
  const fold = new Map<string, string[]>();
  const dispatch = new Map<string, string[]>();

  /** Keeps the plan of each read, update and delete `work` prepares. */
  async function statementsOf(work: () => Promise<void>, into: Map<string, string[]>): Promise<void> {
    for (const { sql, steps } of await plansWhile(store, work)) if (/^\s*(select|update|delete)/i.test(sql)) into.set(sql, steps);
  }

  /** A step that reads a whole table, or a whole shop's rows of one, rather than the keys asked for. The unfolded events' partial index holds only those. */
  const wide = (step: string) => (/^SCAN (?!json_each|CONSTANT)/.test(step) && !/^SCAN events USING INDEX events_unprojected_idx$/.test(step)) || /\(shop=\?\)$/.test(step);
  /** The keys a read can name that pick out a few rows: a statement that names one must be planned on it. */
  const KEYS = ["id", "order_id", "order_key", "tracking_key", "tracking_number", "customer_key", "email", "ticket_key"];
  const unusedKeys = (sql: string, steps: string[]) => KEYS.filter((k) => new RegExp(`"${k}" (=|in) `).test(sql) && !steps.some((d) => new RegExp(`\\b${k}=`).test(d)));

  beforeAll(async () => {
    store = await openSqliteStore({ memory: true });
    const events = benchEvents(500);
    await statementsOf(() => simulate({ store, events, horizon: events.at(-1)!.occurredAt, deps: depsOf(setupOf("all").engine) }).then(() => undefined), fold);
    // Quiet hours on the customer-message channel, so the dispatch reads the journeys too.
    const settings = ShopSettings.parse({ quietHours: { start: "21:00", end: "08:00", channels: ["notify.customer"] } });
    const channels = new ChannelRegistry();
    for (const name of new Set((await store.listOutbox({ limit: 100_000 })).map((a) => a.channel))) channels.register({ name, send: async () => delivered(202) });
    const clock = new FakeClock(events.at(-1)!.occurredAt);
    await statementsOf(async () => {
      for (let hour = 0; hour < 24; hour++, clock.advance(3_600_000)) {
        await dispatchDue({ store, clock, channels, policyFor: () => DEFAULT_RETRY_POLICY, random: () => 0.5, bootId: "boot", timeoutMs: 1000, leaseMs: 60_000, batch: 25, ...dispatchChecks({ store, settingsFor: () => settings, channel: "notify.customer" }) });
      }
    }, dispatch);
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  it("folds and decides (journeys, runs, timers, holds, tickets, limits) reading by key only", () => {
    // Enough work to have read through every table the fold touches.
    expect(fold.size).toBeGreaterThanOrEqual(15);
    for (const [sql, steps] of fold) expect({ sql, wide: steps.filter(wide), unusedKeys: unusedKeys(sql, steps) }).toEqual({ sql, wide: [], unusedKeys: [] });
  });

  it("claims, checks and sends (the outbox, quiet hours, the send guard, the promise ledger) reading by key only", async () => {
    expect((await store.listOutbox({ status: "delivered", limit: 100_000 })).length).toBeGreaterThan(0);
    expect(dispatch.size).toBeGreaterThanOrEqual(5);
    for (const [sql, steps] of dispatch) expect({ sql, wide: steps.filter(wide), unusedKeys: unusedKeys(sql, steps) }).toEqual({ sql, wide: [], unusedKeys: [] });
  });
});
