/**
 * Scenario 1, the restart window, in-process: the app's own recovery pass (`app.recover()`, what
 * `app.start()` runs before it listens) requeues the claims of dead boots and never the claims of
 * the boot it runs in, even when that boot has already claimed work, on SQLite and on PostgreSQL.
 * The process-level window (503 before the pass, nothing dispatched) is in crash.test.ts.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { Config } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { projectBatch } from "../../src/ingest/projector.js";
import { openPostgresStore } from "../../src/store/postgres/open.js";
import type { Store } from "../../src/store/port.js";
import { API_TOKEN, EASYPOST_SECRET, easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders, startHarness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody } from "../helpers/payloads.js";
import { report } from "./report.js";

const pgUrl = process.env.FIREBREAK_TEST_DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const f of cleanups.reverse()) await f();
});

/** Two pending Klaviyo actions (a delay notice and a hold), folded but not dispatched. */
async function pendingActions(app: App): Promise<void> {
  const post = async (url: string, payload: string, headers: Record<string, string>) => expect((await app.server.inject({ method: "POST", url, payload, headers })).statusCode).toBe(200);
  const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
  await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
  const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
  await post("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
  const scan = easypostBody({ eventId: "evt_window", scans: [{ at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" }, { at: "2026-11-05T08:00:00.000Z", status: "in_transit", detail: "weather_delay" }] });
  await post("/webhooks/tracking/easypost", scan, easypostHeaders(scan));
  await projectBatch({ store: app.store, settingsFor: () => defaultShopSettings, rules: [], flows: app.flows, decide: true });
}

async function checkWindow(app: App, store: Store, now: Date): Promise<{ requeued: number; kept: number }> {
  await pendingActions(app);
  const lease = new Date(now.getTime() + 600_000).toISOString();
  // A dead boot left one claim in flight; this boot has already claimed the other one.
  const dead = await store.claimOutbox(now.toISOString(), 1, "boot-killed-earlier", lease);
  const mine = await store.claimOutbox(now.toISOString(), 1, app.bootId, lease);
  expect([dead.length, mine.length]).toEqual([1, 1]);
  const { requeued } = await app.recover();
  expect(requeued).toBe(1);
  expect(await store.getOutbox(dead[0]!.id)).toMatchObject({ status: "pending", claimedBy: null });
  expect(await store.getOutbox(mine[0]!.id)).toMatchObject({ status: "in_flight", claimedBy: app.bootId });
  // And again: a second pass in the same boot still leaves its own work alone.
  expect((await app.recover()).requeued).toBe(0);
  expect(await store.getOutbox(mine[0]!.id)).toMatchObject({ status: "in_flight" });
  return { requeued, kept: 1 };
}

describe("the recovery pass never marks the current boot's work as crashed", () => {
  const klaviyo = { apiKey: "pk_test_window_0123456789", baseUrl: "http://127.0.0.1:9" };

  it("on SQLite", async ({ task }) => {
    const h = await startHarness({ klaviyo }, "2026-11-05T09:00:00.000Z");
    cleanups.push(() => h.close());
    const r = await checkWindow(h.app, h.app.store, h.clock.now());
    report(task, "1 restart window: own claims kept (sqlite)", {}, `requeued ${r.requeued} dead-boot claim, kept ${r.kept} of its own`);
  });

  it.skipIf(!pgUrl)("on PostgreSQL", async ({ task }) => {
    const schema = `t_window_${randomBytes(4).toString("hex")}`;
    const store = await openPostgresStore({ connectionString: pgUrl!, schema });
    const clock = new FakeClock("2026-11-05T09:00:00.000Z");
    const config = Config.parse({ apiToken: API_TOKEN, store: { kind: "postgres", url: pgUrl!, schema }, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET] }], tracking: { easypostSecrets: [EASYPOST_SECRET] }, klaviyo, logLevel: "silent" });
    const app = await createApp({ config, store, clock, logger: false });
    cleanups.push(async () => {
      await app.close();
      await store.close();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    });
    await app.recover(); // the boot's own pass, as the harness runs it on SQLite
    const r = await checkWindow(app, store, clock.now());
    report(task, "1 restart window: own claims kept (postgres)", {}, `requeued ${r.requeued} dead-boot claim, kept ${r.kept} of its own`);
  });
});
