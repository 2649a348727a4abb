import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { createApp, type App } from "../../src/app.js";
import { Config } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { openPostgresStore } from "../../src/store/postgres/open.js";
import type { Store } from "../../src/store/port.js";
import { API_TOKEN, easypostHeaders, EASYPOST_SECRET, SHOP, SHOPIFY_SECRET, shopifyHeaders } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, ORDER_ID, orderBody, TRACKING } from "../helpers/payloads.js";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compiledSrc } from "../helpers/compiled-src.js";
import { storeConfigOf } from "../../src/config/store-config.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { setUpFlows } from "../../src/flows/flow-setup.js";
import { inProcessReplayRunner } from "../../src/flows/replay/runner.js";
import { REPLAY_MAX_EVENTS, TIMING_FIELDS, type ReplayResult } from "../../src/flows/replay/replay.js";
import { builtInFlows, builtInRules } from "../../src/layers/built-in.js";
import { threadReplayRunner } from "../../src/server/replay-thread.js";

const url = process.env.FIREBREAK_TEST_DATABASE_URL;
const schema = `t_app_${randomBytes(4).toString("hex")}`;

describe.skipIf(!url)(url ? "the app on PostgreSQL" : "the app on PostgreSQL (skipped: FIREBREAK_TEST_DATABASE_URL not set)", () => {
  let store: Store;
  let app: App;
  let config: Config;
  const clock = new FakeClock("2026-11-02T09:00:00.000Z");

  beforeAll(async () => {
    store = await openPostgresStore({ connectionString: url!, schema });
    config = Config.parse({ apiToken: API_TOKEN, store: { kind: "postgres", url: url!, schema }, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET] }], tracking: { easypostSecrets: [EASYPOST_SECRET] }, logLevel: "silent" });
    app = await createApp({ config, store, clock, logger: false });
    await app.recover();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("ingests, folds, fires a durable timer and enqueues the delay notice exactly once", async () => {
    const post = async (u: string, payload: string, headers: Record<string, string>) => {
      const res = await app.server.inject({ method: "POST", url: u, payload, headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order, { webhookId: "pg-1" }));
    expect((await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order, { webhookId: "pg-1" }))).status).toBe("duplicate");
    const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
    await post("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f, { webhookId: "pg-2" }));
    const scan = easypostBody({ eventId: "evt_pg", scans: [{ at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" }] });
    await post("/webhooks/tracking/easypost", scan, easypostHeaders(scan));

    clock.set("2026-11-11T08:00:00.000Z");
    await app.worker.runUntilIdle();
    const journey = await store.getJourney(SHOP, ORDER_ID);
    expect(journey?.shipments[0]).toMatchObject({ trackingNumber: TRACKING, tag: "InTransit" });
    expect(journey?.signals.map((s) => s.name)).toContain("transit_stalled");
    const notices = (await store.listOutbox({})).filter((a) => a.channel === "notify.customer" && a.payload.metric === "Order Delayed");
    expect(notices.map((a) => a.idempotencyKey)).toEqual([`delay-notice:${SHOP}:${ORDER_ID}:${TRACKING}:transit_stalled`]);
    // Klaviyo is not configured here: the action is dead-lettered with an error that says how to fix it.
    expect(notices[0]!.status).toBe("dead");
    expect(notices[0]!.lastError).toMatch(/FIREBREAK_KLAVIYO_API_KEY/);
  });

  it("replays in a worker thread, from the thread's own pool, what it replays in this thread", async () => {
    const workerUrl = pathToFileURL(compiledSrc(join("server", "replay-worker.js")));
    // The delay notice switched off: the replay has something to tell apart from reality.
    const setup = setUpFlows({ builtIn: builtInFlows, disabled: new Map([[SHOP, new Set(["delay-notice"])]]) });
    if (!setup.ok) throw new Error(setup.errors.join("\n"));
    const thread = threadReplayRunner(
      { store: storeConfigOf(config), flows: setup.definitions, policy: setup.policy, disabled: [[SHOP, ["delay-notice"]]], settings: [[SHOP, defaultShopSettings]] },
      { workerUrl },
    );
    const here = inProcessReplayRunner({ source: store, engine: setup.engine, rules: builtInRules, settingsFor: () => defaultShopSettings });
    const outcome = (r: ReplayResult) => Object.fromEntries(Object.entries(r).filter(([k]) => !(TIMING_FIELDS as readonly string[]).includes(k)));
    try {
      const request = { from: "2026-11-01", to: "2026-11-30T23:59:59.999Z", maxEvents: REPLAY_MAX_EVENTS };
      const expected = await here.run(request);
      expect(expected.summary.byKind.action.removed).toBeGreaterThan(0);
      // The worker's steps, written and read back through PostgreSQL.
      expect(expected.folded).toEqual({ inLiveSteps: expected.eventsReplayed, byArrival: 0, notYet: 0 });
      expect(outcome(await thread.run(request))).toEqual(outcome(expected));
    } finally {
      await thread.close();
    }
  });
});
