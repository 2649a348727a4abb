/**
 * Scenario 1, crash under load, against the real server in a process of its own
 * (src/testing/crash-target.ts) on SQLite, and on PostgreSQL when FIREBREAK_TEST_DATABASE_URL is
 * set (a fresh schema). Four senders drive signed Shopify and EasyPost webhooks for orders that
 * each turn into a delay notice and a hold on the customer's Klaviyo profile; the test kills the
 * server with SIGKILL at seeded random moments (six times) and starts it again on the same store,
 * while the senders retry whatever was not acknowledged, as Shopify and EasyPost do. One restart
 * holds its recovery pass open to look into the restart window.
 *
 * Afterwards: every acknowledged delivery is in the log exactly once; the projections equal a
 * rebuild from the log; every outbox action is delivered, and Klaviyo (whose fake dedupes on
 * unique_id, which is our idempotency key) holds each notice once, any resend explained by a kill
 * that caught its action in flight; no flow run is left running or waiting. In the window: webhooks
 * get 503 NOT_READY and nothing is stored, folded or dispatched until the pass completes, and the
 * pass requeues exactly the dead boot's claims. (That the pass never touches claims of the current
 * boot: restart-window.test.ts, and test/store/contract.ts on both stores.)
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { journeysDigest, rebuildProjections } from "../../src/cli/rebuild.js";
import { Config } from "../../src/config/schema.js";
import { between, seededRandom } from "../../src/core/random.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { API_TOKEN, EASYPOST_SECRET, easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody } from "../helpers/payloads.js";
import { buildCrashTarget } from "../helpers/compiled-src.js";
import { spawnCrashChild, type CrashChild } from "../helpers/crash-child.js";
import { report } from "./report.js";
import { runSeed } from "./support.js";

const ORDERS = 36;
const SENDERS = 4;
const KILLS = 6;
const HOLD_AT_KILL = 2;
const KLAVIYO_KEY = "pk_test_crash_0123456789";
const DEADLINE_MS = 150_000;
const seed = runSeed();
const pgUrl = process.env.FIREBREAK_TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let target = "";
beforeAll(() => {
  target = buildCrashTarget();
}, 180_000);

interface Delivery { id: string; url: string; body: string; headers: Record<string, string> }

/** Order i's three webhooks, in the order Shopify and the carrier send them: order, fulfillment, a weather-delay scan. */
function orderLife(i: number): Delivery[] {
  const now = Date.now();
  const iso = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
  const orderId = String(7_200_000_000_000_000_000n + BigInt(i));
  const tracking = `1ZCRASH${String(i).padStart(6, "0")}`;
  const order = orderBody({ id: orderId, createdAt: iso(48), email: `crash-${i}@example.com` });
  const fulfillment = fulfillmentBody({ createdAt: iso(30), orderId, tracking });
  const scan = easypostBody({ eventId: `evt_crash_${i}`, tracking, scans: [{ at: iso(20), status: "in_transit", detail: "arrived_at_facility" }, { at: iso(10), status: "in_transit", detail: "weather_delay" }] });
  return [
    { id: `crash-order-${i}`, url: "/webhooks/shopify", body: order, headers: shopifyHeaders("orders/create", order, { webhookId: `crash-order-${i}` }) },
    { id: `crash-ful-${i}`, url: "/webhooks/shopify", body: fulfillment, headers: shopifyHeaders("fulfillments/create", fulfillment, { webhookId: `crash-ful-${i}` }) },
    { id: `evt_crash_${i}`, url: "/webhooks/tracking/easypost", body: scan, headers: easypostHeaders(scan) },
  ];
}

const backends = [
  { name: "sqlite", skip: false },
  { name: "postgres", skip: !pgUrl },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`crash under load (${backend.name})`, () => {
    let dataDir = "";
    let schema = "";
    let klaviyo: FakeKlaviyo;
    let store: Store | undefined;
    const children: CrashChild[] = [];
    const stderrTail: string[] = [];

    afterAll(async () => {
      for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.kill9();
      await store?.close();
      await klaviyo?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });

    it(`${KILLS} kill -9s while ${SENDERS} senders deliver ${ORDERS * 3} webhooks: nothing lost, nothing doubled, nothing stuck`, async ({ task }) => {
      dataDir = mkdtempSync(join(tmpdir(), "firebreak-crash-load-"));
      if (backend.name === "postgres") schema = `t_crash_${randomBytes(4).toString("hex")}`;
      klaviyo = await startFakeKlaviyo({ apiKey: KLAVIYO_KEY });
      const realStart = Date.now();
      const args = [
        ...["--data-dir", dataDir, "--shop", SHOP, "--secret", SHOPIFY_SECRET, "--easypost-secret", EASYPOST_SECRET, "--api-token", API_TOKEN],
        ...["--klaviyo-url", klaviyo.url, "--klaviyo-key", KLAVIYO_KEY, "--sim-start", new Date(realStart).toISOString(), "--real-start", String(realStart), "--factor", "1"],
        ...(backend.name === "postgres" ? ["--database-url", pgUrl!, "--schema", schema] : []),
      ];
      const spawnChild = async (hold = false) => {
        const c = await spawnCrashChild(target, hold ? [...args, "--hold-recovery"] : args, stderrTail);
        children.push(c);
        return c;
      };
      const deadline = Date.now() + DEADLINE_MS;
      const beforeDeadline = (what: string) => {
        if (Date.now() > deadline) throw new Error(`deadline passed while ${what}; stderr:\n${stderrTail.join("")}`);
      };

      let current = await spawnChild();
      expect(current.requeued).toBe(0);
      store = await openStore(backend.name === "postgres" ? { kind: "postgres", url: pgUrl!, schema } : { kind: "sqlite", dataDir });
      const counts = { sent: 0, acked: 0, duplicateAcks: 0, refused: 0, notReady: 0 };
      const acked = new Set<string>();

      // --- the senders: each takes orders in turn and retries every webhook until it is acknowledged ---
      async function deliver(d: Delivery): Promise<void> {
        for (;;) {
          beforeDeadline(`delivering ${d.id}`);
          counts.sent++;
          let res: Response;
          try {
            res = await fetch(`http://127.0.0.1:${current.port}${d.url}`, { method: "POST", body: d.body, headers: d.headers, signal: AbortSignal.timeout(5_000) });
          } catch {
            counts.refused++; // refused, reset or cut by the kill: not acknowledged, so send again
            await sleep(20);
            continue;
          }
          const text = await res.text();
          if (res.status === 503) {
            counts.notReady++;
            await sleep(20);
            continue;
          }
          expect(res.status, text).toBe(200);
          counts.acked++;
          if ((JSON.parse(text) as { status: string }).status === "duplicate") counts.duplicateAcks++;
          acked.add(d.id);
          return;
        }
      }
      let nextOrder = 0;
      const senderRng = seededRandom(seed + 11);
      const senders = Array.from({ length: SENDERS }, async () => {
        for (let i = nextOrder++; i < ORDERS; i = nextOrder++) {
          for (const d of orderLife(i)) await deliver(d);
          await sleep(between(senderRng, 5, 40));
        }
      });
      let sendingDone = false;
      const sending = Promise.all(senders).then(() => (sendingDone = true));
      sending.catch(() => {});

      // --- the killer ---
      const rng = seededRandom(seed);
      const leftInFlight: Array<Set<string>> = [];
      let windowChecked = false;
      for (let k = 0; k < KILLS; k++) {
        if (k % 2 === 1) {
          // At the instant Klaviyo receives a send: between a delivery and its record.
          const seen = klaviyo.requests.length;
          const until = Date.now() + 3_000;
          while (klaviyo.requests.length === seen && Date.now() < until) await sleep(1);
        } else {
          await sleep(between(rng, 150, sendingDone ? 400 : 900));
        }
        await current.kill9();
        const dead = current.bootId;
        const inFlight = (await store.listOutbox({ status: "in_flight", limit: 10_000 })).filter((a) => a.claimedBy === dead);
        expect((await store.listOutbox({ status: "in_flight", limit: 10_000 })).filter((a) => a.claimedBy !== dead)).toEqual([]);
        leftInFlight.push(new Set(inFlight.map((a) => a.idempotencyKey)));

        if (k !== HOLD_AT_KILL) {
          current = await spawnChild();
          expect(current.requeued).toBe(inFlight.length);
          continue;
        }
        // The restart window: listening, recovery not yet run. The senders keep sending meanwhile.
        const held = await spawnChild(true);
        current = held;
        const probe = orderLife(900)[0]!;
        const res = await fetch(`http://127.0.0.1:${held.port}${probe.url}`, { method: "POST", body: probe.body, headers: probe.headers });
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_READY");
        expect(res.headers.get("retry-after")).toBe("5");
        expect((await fetch(`http://127.0.0.1:${held.port}/healthz`)).status).toBe(503);
        const snapshot = async () => ({
          events: (await store!.listEvents({ limit: 100_000 })).length,
          outbox: (await store!.listOutbox({ limit: 10_000 })).map((a) => `${a.id} ${a.status} ${a.attempts} ${a.claimedBy}`).sort(),
          runs: (await store!.listRuns({ limit: 10_000 })).map((r) => `${r.id} ${r.status} ${r.pc}`).sort(),
          klaviyo: klaviyo.requests.length,
        });
        const before = await snapshot();
        await sleep(500);
        expect(await snapshot(), "nothing is stored, folded or dispatched before the recovery pass").toEqual(before);
        held.proc.stdin!.write("recover\n");
        const recovered = await held.next();
        expect(Number(recovered.requeued)).toBe(inFlight.length);
        windowChecked = true;
      }
      await sending;
      // The probe met the closed window; its sender sends it again.
      await deliver(orderLife(900)[0]!);

      // --- let the last boot finish: every action out, no run moving ---
      for (;;) {
        beforeDeadline("waiting for the outbox to drain");
        const outbox = await store.listOutbox({ limit: 10_000 });
        const moving = (await store.listRuns({ limit: 10_000 })).filter((r) => ["running", "waiting"].includes(r.status));
        if (outbox.length >= ORDERS * 2 && outbox.every((a) => a.status === "delivered") && moving.length === 0) break;
        await sleep(100);
      }
      current.proc.kill("SIGTERM");
      await current.exited;
      expect(current.proc.exitCode).toBe(0);

      // --- the log: every acknowledged delivery exactly once ---
      const all = Array.from({ length: ORDERS }, (_, i) => orderLife(i).map((d) => d.id)).flat();
      expect([...acked].sort()).toEqual([...all, "crash-order-900"].sort());
      const events = await store.listEvents({ limit: 100_000 });
      const perDelivery = new Map<string, number>();
      for (const e of events) if (e.deliveryId) perDelivery.set(e.deliveryId, (perDelivery.get(e.deliveryId) ?? 0) + 1);
      expect([...perDelivery].filter(([, n]) => n !== 1)).toEqual([]);
      expect([...perDelivery.keys()].filter((id) => !id.startsWith("timer:")).sort()).toEqual([...acked].sort());

      // --- the projections equal a rebuild from the log ---
      const live = await journeysDigest(store);
      const config = Config.parse({ apiToken: API_TOKEN, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET] }] });
      await rebuildProjections(store, config);
      expect(await journeysDigest(store)).toEqual(live);
      expect(live.count).toBe(ORDERS + 1);

      // --- the outbox and Klaviyo: every action delivered, each notice recorded once under its key ---
      const outbox = await store.listOutbox({ limit: 10_000 });
      const notices = outbox.filter((a) => a.channel === "notify.customer");
      expect(notices.length).toBe(ORDERS); // the probe is an order alone: no delay, no notice
      expect(outbox.every((a) => a.status === "delivered")).toBe(true);
      expect([...klaviyo.uniqueIds].sort()).toEqual(notices.map((a) => a.idempotencyKey).sort());
      expect(klaviyo.events.length).toBe(notices.length);
      const resendable = leftInFlight.reduce((n, s) => n + s.size, 0);
      expect(klaviyo.duplicates, "every resend Klaviyo dropped is explained by a kill that caught an action in flight").toBeLessThanOrEqual(resendable);

      // --- no run stuck ---
      const runs = await store.listRuns({ limit: 10_000 });
      expect(runs.filter((r) => !["completed", "skipped"].includes(r.status)).map((r) => `${r.flowId} ${r.status}`)).toEqual([]);
      expect(windowChecked).toBe(true);

      report(task, `1 crash under load (${backend.name})`, {
        kills: KILLS,
        sent: counts.sent,
        acked: acked.size,
        stored: [...perDelivery.keys()].length,
        duplicatesDropped: counts.duplicateAcks,
        actionsDelivered: outbox.length,
        duplicatesDelivered: klaviyo.duplicates,
      }, `${counts.refused} refused and ${counts.notReady} 503 attempts retried; requeued after kills: ${leftInFlight.map((s) => s.size).join(", ")}; seed ${seed}`);
    }, 200_000);
  });
}
