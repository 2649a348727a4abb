/**
 * Scenario 3, outages: each outside service the outbox delivers to, behind a fake that speaks its
 * wire format, answers 429 with Retry-After, 500, hangs past our timeout, or drops the connection.
 * Every action is retried with backoff (and not before Retry-After), delivered exactly once, never
 * sent twice; when the failures outlast the retry policy, the action is dead-lettered with the
 * last error, and a manual retry through the API delivers it.
 *
 * A vendor is one entry in VENDORS: a fake with a FailPlan, the config that points the app at it,
 * and the webhooks that make it work. The helpdesk fakes (Gorgias, Zendesk) join with one line
 * each when they land.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { startFakeSlack } from "../../src/connectors/slack/fake-server.js";
import type { FailPlan, FailStep } from "../../src/connectors/http/fake-failures.js";
import { Channels } from "../../src/layers/delivery/index.js";
import { API_TOKEN, easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody } from "../helpers/payloads.js";
import { report } from "./report.js";
import { deliveryFlows } from "../../src/layers/delivery/flows.js";
import { startFakeGorgias } from "../../src/connectors/gorgias/fake-server.js";
import { HELPDESK_RETRY } from "../../src/connectors/helpdesk/actions.js";
import type { FlowDefinition } from "../../src/flows/definition/schema.js";
import { triageFlows } from "../../src/layers/triage/flows.js";
import { GORGIAS_TOKEN, gorgiasBody } from "../connectors/helpdesk-bodies.js";
import { startCapturedApp, type CapturedApp } from "./support.js";

interface VendorFake {
  failPlan: FailPlan;
  /** Requests that reached the fake, failed ones included. */
  requests(): number;
  /** Requests the vendor accepted (2xx), duplicates included. */
  accepted(): number;
  /** Accepted requests that repeated an idempotency key the vendor had already seen. */
  duplicates(): number;
  /** What the vendor keeps after its own dedupe: Klaviyo events by unique_id and profiles; every Slack post. */
  recorded(): number;
  close(): Promise<void>;
}

interface Vendor {
  name: string;
  /** The outbox channels bound to this vendor. */
  channels: readonly string[];
  /** Whether the vendor drops a resend by our idempotency key (Klaviyo) or posts it again (Slack). */
  dedupesByKey: boolean;
  start(): Promise<{ fake: VendorFake; config: Record<string, unknown> }>;
  /** Sends the webhooks that make the app act on this vendor's channels. */
  drive(c: CapturedApp): Promise<void>;
  /** The built-in flows that act on it (the delivery layer when absent). */
  flows?: readonly FlowDefinition[];
  /** Attempts before a dead letter, when its actions declare their own retry policy. */
  maxAttempts?: number;
}

const KLAVIYO_KEY = "pk_test_outage_0123456789";
const GORGIAS_EMAIL = "ops@snowdevil.example";
const GORGIAS_KEY = "gorgias-outage-key-0123";
const MAX_ATTEMPTS = 5;
const RETRY_AFTER_S = 30;

async function post(c: CapturedApp, url: string, payload: string, headers: Record<string, string>) {
  const res = await c.app.server.inject({ method: "POST", url, payload, headers });
  expect(res.statusCode, res.body).toBe(200);
}

/** A carrier-declared delay: one Klaviyo notice and one hold on the Klaviyo profile. */
async function delayOneOrder(c: CapturedApp): Promise<void> {
  const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
  await post(c, "/webhooks/shopify", order, shopifyHeaders("orders/create", order));
  const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
  await post(c, "/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
  const scan = easypostBody({ eventId: "evt_outage", scans: [{ at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" }, { at: "2026-11-05T08:00:00.000Z", status: "in_transit", detail: "weather_delay" }] });
  await post(c, "/webhooks/tracking/easypost", scan, easypostHeaders(scan));
}

const VENDORS: Vendor[] = [
  {
    name: "klaviyo",
    channels: [Channels.notifyCustomer, Channels.customerProfile],
    dedupesByKey: true,
    async start() {
      const k = await startFakeKlaviyo({ apiKey: KLAVIYO_KEY });
      const fake: VendorFake = {
        failPlan: k.failPlan,
        requests: () => k.requests.length,
        accepted: () => k.requests.filter((r) => r.status >= 200 && r.status < 300).length,
        duplicates: () => k.duplicates,
        recorded: () => k.events.length + k.profiles.size,
        close: () => k.close(),
      };
      return { fake, config: { klaviyo: { apiKey: KLAVIYO_KEY, baseUrl: k.url } } };
    },
    drive: delayOneOrder,
  },
  {
    name: "slack",
    channels: [Channels.alertTeam],
    dedupesByKey: false,
    async start() {
      const s = await startFakeSlack();
      const fake: VendorFake = { failPlan: s.failPlan, requests: () => s.requests, accepted: () => s.messages.length, duplicates: () => s.duplicates, recorded: () => s.messages.length, close: () => s.close() };
      return { fake, config: { slack: { webhookUrl: s.url }, flowsDir: join(import.meta.dirname, "flows") } };
    },
    async drive(c) {
      for (const id of ["7100000000000000001", "7100000000000000002"]) {
        const order = orderBody({ createdAt: "2026-11-05T08:00:00.000Z", id });
        await post(c, "/webhooks/shopify", order, shopifyHeaders("orders/create", order));
      }
    },
  },
  {
    // A customer's message is triaged (in process), then the triage's note, tags and intent go to Gorgias.
    name: "gorgias",
    channels: ["helpdesk.internal_note", "helpdesk.add_tags", "helpdesk.set_intent"],
    dedupesByKey: false,
    flows: triageFlows,
    maxAttempts: HELPDESK_RETRY.maxAttempts,
    async start() {
      const g = await startFakeGorgias({ email: GORGIAS_EMAIL, apiKey: GORGIAS_KEY, ticketIds: [4821] });
      // Gorgias takes no idempotency key: a write repeated with the same body is a duplicate post.
      const duplicates = () => {
        const seen = new Set<string>();
        let n = 0;
        for (const r of g.requests) {
          const key = `${r.method} ${r.path} ${JSON.stringify(r.body)}`;
          if (seen.has(key)) n++;
          else seen.add(key);
        }
        return n;
      };
      const fake: VendorFake = { failPlan: g.failPlan, requests: () => g.attempts, accepted: () => g.requests.length, duplicates, recorded: () => g.requests.length, close: () => g.close() };
      const helpdesk = { kind: "gorgias", domain: "snowdevil", email: GORGIAS_EMAIL, apiToken: GORGIAS_KEY, baseUrl: g.url, inboundSecrets: [GORGIAS_TOKEN] };
      return { fake, config: { shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], helpdesk }] } };
    },
    async drive(c) {
      const body = gorgiasBody({ ticketId: "4821", email: "jon@example.com", message: { id: "4821-1", body: "Where is my order? Can you tell me when it will arrive?", at: "2026-11-05T08:30:00Z" }, updated: "2026-11-05T08:30:00Z", created: "2026-11-05T08:30:00Z" });
      await post(c, "/webhooks/helpdesk/gorgias", JSON.stringify(body), { "content-type": "application/json", "x-firebreak-token": GORGIAS_TOKEN });
    },
  },
];

const FAILURES: Array<{ name: string; step: FailStep; error: RegExp }> = [
  { name: "429 with Retry-After", step: { status: 429, retryAfter: String(RETRY_AFTER_S) }, error: /429/ },
  { name: "500", step: 500, error: /HTTP 500/ },
  { name: "hang past the timeout", step: "hang", error: /TIMEOUT/ },
  { name: "connection closed", step: "reset", error: /NETWORK/ },
];
/** The vendor did the work but its answer was lost: the one failure a resend cannot tell from the others. */
const LOST_ANSWER: FailStep = "accept-then-hang";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function setUp(vendor: Vendor) {
  const { fake, config } = await vendor.start();
  cleanup.push(() => fake.close());
  // The delivery layer alone: one notice and one alert per lost parcel, so counts name each send.
  const c = await startCapturedApp({ ...config, dispatcher: { maxAttempts: MAX_ATTEMPTS, baseMs: 1_000, maxMs: 60_000, timeoutMs: 200 } }, "2026-11-05T09:00:00.000Z", undefined, vendor.flows ?? deliveryFlows);
  cleanup.push(() => c.close());
  const actions = async () => (await c.app.store.listOutbox({ limit: 1000 })).filter((a) => vendor.channels.includes(a.channel));
  /** Runs the worker, moving the clock a minute at a time, until `done` holds (or gives up). */
  const settle = async (done: (as: Awaited<ReturnType<typeof actions>>) => boolean) => {
    for (let i = 0; i < 40; i++) {
      await c.app.worker.runUntilIdle();
      if (done(await actions())) return;
      c.clock.advance(60_000);
    }
    throw new Error(`did not settle: ${JSON.stringify((await actions()).map((a) => [a.channel, a.status, a.attempts, a.lastError]))}`);
  };
  return { fake, c, actions, settle };
}

describe("outages at the outside services", () => {
  for (const vendor of VENDORS) {
    for (const failure of FAILURES) {
      it(`${vendor.name}: ${failure.name} twice, then retried with backoff and delivered exactly once`, async ({ task }) => {
        const { fake, c, actions, settle } = await setUp(vendor);
        fake.failPlan.push(failure.step, failure.step);
        await vendor.drive(c);
        await c.app.worker.runUntilIdle();
        const afterFirst = await actions();
        expect(afterFirst.length).toBeGreaterThan(0);
        const failed = afterFirst.filter((a) => a.status === "pending" && failure.error.test(a.lastError ?? ""));
        expect(failed.length, JSON.stringify(afterFirst.map((a) => a.lastError))).toBeGreaterThan(0);
        for (const a of failed) {
          const wait = Date.parse(a.nextAttemptAt) - c.clock.now().getTime();
          expect(wait).toBeGreaterThan(0);
          if (typeof failure.step === "object" && failure.step.status === 429) expect(wait).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
        }
        await settle((as) => as.every((a) => a.status === "delivered"));
        const final = await actions();
        expect(fake.accepted()).toBe(final.length);
        expect(fake.recorded()).toBe(final.length);
        expect(fake.duplicates()).toBe(0);
        expect(final.reduce((n, a) => n + a.attempts, 0)).toBe(final.length + 2);
        report(task, `3 outage: ${vendor.name} ${failure.name}`, { sent: fake.requests(), actionsDelivered: fake.accepted(), duplicatesDelivered: fake.duplicates(), deadLettered: 0 });
      });
    }

    it(`${vendor.name}: work done but the answer lost, twice: resent under the same key${vendor.dedupesByKey ? ", recorded once" : " (the vendor cannot dedupe)"}`, async ({ task }) => {
      const { fake, c, actions, settle } = await setUp(vendor);
      fake.failPlan.push(LOST_ANSWER, LOST_ANSWER);
      await vendor.drive(c);
      await settle((as) => as.length > 0 && as.every((a) => a.status === "delivered"));
      const final = await actions();
      expect(final.reduce((n, a) => n + a.attempts, 0)).toBe(final.length + 2);
      // Two requests did the work without a word back; each was sent again with its key.
      expect(fake.accepted()).toBe(final.length + 2);
      if (vendor.dedupesByKey) {
        expect(fake.recorded()).toBe(final.length);
      } else {
        // Slack and Gorgias post the resend; Slack's `firebreak:<key>` marker is how a reader sees it is one.
        expect(fake.recorded()).toBe(final.length + 2);
        expect(fake.duplicates()).toBe(2);
      }
      report(task, `3 outage: ${vendor.name} answer lost after the work`, { sent: fake.requests(), actionsDelivered: final.length, duplicatesDelivered: fake.accepted() - final.length, deadLettered: 0 }, vendor.dedupesByKey ? "the vendor dropped the resends by key" : "the vendor posted the resends: at-least-once");
    });

    it(`${vendor.name}: failures outlast the policy → dead letter with the last error; a manual retry delivers once`, async ({ task }) => {
      const { fake, c, actions, settle } = await setUp(vendor);
      fake.failPlan.push(...Array<FailStep>(60).fill(500));
      await vendor.drive(c);
      await settle((as) => as.length > 0 && as.every((a) => a.status === "dead"));
      const dead = await actions();
      for (const a of dead) {
        expect(a.attempts).toBe(vendor.maxAttempts ?? MAX_ATTEMPTS);
        expect(a.lastError).toMatch(/HTTP 500/);
      }
      expect(fake.accepted()).toBe(0);
      const listed = (await c.app.server.inject({ method: "GET", url: "/api/outbox?status=dead", headers: { authorization: `Bearer ${API_TOKEN}` } })).json().actions as Array<{ id: string; lastError: string }>;
      expect(listed.map((a) => a.id).sort()).toEqual(dead.map((a) => a.id).sort());

      fake.failPlan.clear();
      for (const a of dead) {
        const res = await c.app.server.inject({ method: "POST", url: `/api/outbox/${a.id}/retry`, headers: { authorization: `Bearer ${API_TOKEN}` } });
        expect(res.statusCode, res.body).toBe(200);
      }
      await settle((as) => as.every((a) => a.status === "delivered"));
      expect(fake.accepted()).toBe(dead.length);
      expect(fake.recorded()).toBe(dead.length);
      expect(fake.duplicates()).toBe(0);
      report(task, `3 outage: ${vendor.name} exhausted, manual retry`, { sent: fake.requests(), deadLettered: dead.length, actionsDelivered: fake.accepted(), duplicatesDelivered: fake.duplicates() });
    });
  }
});
