/**
 * Scenario 4, bad input: property-based fuzzing (fast-check) of every webhook endpoint through
 * the real Fastify app (`inject`, no sockets) and of every normalizer directly, starting from the
 * vendors' real payloads in test/fixtures. Whatever arrives: never a 5xx, never a crash, never a
 * partial write; every rejection is a 4xx whose body carries a registered error code matching
 * its status; an accepted delivery is stored whole (one event, one raw body) and folds without a
 * worker error. The seed is printed; FIREBREAK_FUZZ_SEED reproduces a run.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";
import { ErrorCodes, type ErrorCode } from "../../src/server/errors.js";
import { ShopifyTopic } from "../../src/connectors/shopify/topics.js";
import { normalizeShopify } from "../../src/connectors/shopify/normalize/index.js";
import { normalizeEasyPost } from "../../src/connectors/easypost/normalize.js";
import { normalizeAfterShip } from "../../src/connectors/aftership/normalize.js";
import { normalizeShippo } from "../../src/connectors/shippo/normalize.js";
import { parseJsonLossless } from "../../src/core/lossless-json.js";
import { aftershipHeaders, easypostHeaders, fixture, SHIPPO_TOKEN, SHOP, SHOPIFY_SECRET, shopifyHeaders, storeCounts } from "../helpers/harness.js";
import { GORGIAS_TOKEN, gorgiasBody, ZENDESK_SECRET, zendeskEvent, zendeskHeaders } from "../connectors/helpdesk-bodies.js";
import { normalizeGorgias } from "../../src/connectors/gorgias/normalize.js";
import { normalizeZendesk } from "../../src/connectors/zendesk/normalize.js";
import { afterShipTrackingOf, afterShipWebhook, shippoWebhook } from "../connectors/envelopes.js";
import { applyBytes, applyEdits, byteEdit, fuzzParameters, jsonEdit, type ByteEdit, type JsonEdit } from "./mutations.js";
import { report } from "./report.js";
import { errorLines, runSeed, startCapturedApp, type CapturedApp } from "./support.js";

const BODY_LIMIT = 256 * 1024;
/** Cases per endpoint over HTTP and per normalizer: 18,000 in all. */
const HTTP_RUNS = { shopify: 4_000, easypost: 2_000, aftership: 2_000, shippo: 2_000, gorgias: 1_000, zendesk: 1_000 } as const;
const NORMALIZER_RUNS = 1_000;

const seed = runSeed();
let c: CapturedApp;
let cz: CapturedApp;
beforeAll(async () => {
  // Failed authentications are part of the fuzz; the per-source limit has its own scenario (access).
  // A shop has one helpdesk: the fixture shop has Gorgias here, and Zendesk in an app of its own.
  const app = (helpdesk: Record<string, unknown>) =>
    startCapturedApp({ bodyLimitBytes: BODY_LIMIT, authRateLimit: { maxFailures: 1_000_000, windowMs: 60_000 }, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], shippoTokens: [SHIPPO_TOKEN], helpdesk }] });
  c = await app({ kind: "gorgias", domain: "snowdevil", inboundSecrets: [GORGIAS_TOKEN] });
  cz = await app({ kind: "zendesk", domain: "snowdevil", inboundSecrets: [ZENDESK_SECRET] });
});
afterAll(async () => {
  await c?.close();
  await cz?.close();
});

const text = (rel: string) => fixture(rel).toString("utf8");
const shopifyFixtures = [
  "orders__create", "orders__updated", "orders__paid", "orders__cancelled", "orders__fulfilled", "orders__edited", "orders__delete",
  "fulfillments__create", "fulfillments__update", "fulfillment_events__create", "fulfillment_holds__added", "refunds__create",
  "returns__request", "returns__approve", "returns__decline", "returns__close", "returns__cancel", "returns__reopen", "returns__update",
  "disputes__create", "customers__create", "inventory_levels__update", "inventory_items__update", "products__create", "products__update",
].map((name) => ({ topic: name.replace("__", "/"), doc: losslessParse(text(`shopify/shopify-dev-2026-07/${name}.json`)) as unknown }));
const easypostFixtures = ["fixtures__event-body.json", "guides__webhooks-guide__event__post_json_example.json"].map((f) => JSON.parse(text(`carriers/easypost/${f}`)) as unknown);
const aftershipFixtures = ["v4_get_tracking__postnl-3s__7_checkpoints.json", "v4_get_tracking__4px.json"].map((f) => afterShipWebhook(afterShipTrackingOf(JSON.parse(text(`carriers/aftership/${f}`)))) as unknown);
const shippoFixtures = ["track__usps_9205590164917337534322__delivered.json", "track_create__usps__201.json", "track_create__null_tracking_status.json"].map((f) => shippoWebhook(JSON.parse(text(`carriers/shippo/${f}`))) as unknown);

// The helpdesks' documented webhook shapes (test/connectors/helpdesk-bodies.ts): a customer message, an agent reply, a status change.
const gorgiasFixtures = [
  gorgiasBody({ message: { id: "901", body: "Hi, where is order #9999? It has been a week.", at: "2026-11-02T08:00:00Z" } }),
  gorgiasBody({ message: { id: "902", body: "It is on its way!", fromAgent: true, at: "2026-11-02T09:00:00Z" } }),
  gorgiasBody({ status: "closed", orders: "#9999" }),
] as unknown[];
const zendeskFixtures = [
  zendeskEvent({ comment: { id: "c1", body: "My parcel 1Z827WK74630 has not moved since Monday" } }),
  zendeskEvent({ comment: { id: "c2", body: "Sorry! It ships today.", staff: true } }),
  zendeskEvent({ type: "zen:event-type:ticket.status_changed", status: "SOLVED" }),
] as unknown[];

type SignMode = "valid" | "missing" | "wrong" | "stale" | "garbage" | "repeated";
const signMode = fc.oneof(
  { weight: 8, arbitrary: fc.constant<SignMode>("valid") },
  { weight: 1, arbitrary: fc.constantFrom<SignMode>("missing", "wrong", "stale", "garbage", "repeated") },
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | null>("application/json") },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/xml", "*/*") },
);

interface Case {
  fixture: number;
  edits: readonly JsonEdit[];
  bytes: ByteEdit;
  sign: SignMode;
  contentType: string | null;
  /** Endpoint-specific header or query changes. */
  extra: number;
}
const caseArb = (fixtures: number, extras: number): fc.Arbitrary<Case> =>
  fc.record({
    fixture: fc.nat({ max: fixtures - 1 }),
    edits: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 3 }) }),
    bytes: byteEdit(BODY_LIMIT),
    sign: signMode,
    contentType,
    extra: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: extras }) }),
  });

interface Request {
  url: string;
  payload: Buffer;
  headers: Record<string, string | string[]>;
}

/** Serialises a (possibly edited) document; lossless so the 18-digit ids stay bare numbers. */
const serialise = (doc: unknown): Buffer => {
  try {
    return Buffer.from(losslessStringify(doc) ?? "null");
  } catch {
    return Buffer.from(JSON.stringify(doc) ?? "null");
  }
};

/** Signs `signed` (the body as sent, or for "stale" the unspoiled original) as the mode says. */
function signature(mode: SignMode, good: string, stale: string): string | string[] | undefined {
  switch (mode) {
    case "valid": return good;
    case "missing": return undefined;
    case "wrong": return good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    case "stale": return stale;
    case "garbage": return "not a signature \u00ff";
    case "repeated": return ["AAAA", good];
  }
}

let webhookSeq = 0;
interface Endpoint {
  name: keyof typeof HTTP_RUNS;
  fixtures: unknown[];
  /** Gives the payload a fresh delivery id, so that most accepted cases are stored, not deduped. */
  fresh?(doc: unknown, n: number): unknown;
  extras: number;
  build(doc: unknown, original: unknown, body: Buffer, originalBody: Buffer, k: Case): Request;
  /** The app it is sent to (the shared one when absent). */
  app?(): CapturedApp;
}

const endpoints: Endpoint[] = [
  {
    name: "shopify",
    fixtures: shopifyFixtures,
    extras: 9,
    build(_doc, _orig, body, originalBody, k) {
      const topic = shopifyFixtures[k.fixture]!.topic;
      const h: Record<string, string | string[]> = shopifyHeaders(topic, body, { webhookId: `fuzz-${++webhookSeq}` });
      const sig = signature(k.sign, h["x-shopify-hmac-sha256"] as string, shopifyHeaders(topic, originalBody)["x-shopify-hmac-sha256"]!);
      if (sig === undefined) delete h["x-shopify-hmac-sha256"];
      else h["x-shopify-hmac-sha256"] = sig;
      switch (k.extra) {
        case 1: delete h["x-shopify-topic"]; break;
        case 2: h["x-shopify-topic"] = ["orders/delete", topic]; break;
        case 3: h["x-shopify-topic"] = "x".repeat(10_000); break;
        case 4: delete h["x-shopify-shop-domain"]; break;
        case 5: h["x-shopify-shop-domain"] = "evil.myshopify.com"; break;
        case 6: h["x-shopify-shop-domain"] = [SHOP, "evil.myshopify.com"]; break;
        case 7: h["x-shopify-webhook-id"] = "fuzz-fixed-id"; break; // the same id again and again: duplicates
        case 8: delete h["x-shopify-webhook-id"]; break;
        case 9: h["x-shopify-webhook-id"] = "w".repeat(20_000); break;
      }
      return { url: "/webhooks/shopify", payload: body, headers: h };
    },
  },
  {
    name: "easypost",
    fixtures: easypostFixtures,
    fresh: (doc, n) => ({ ...(doc as object), id: `evt_fuzz_${n}` }),
    extras: 2,
    build(_doc, _orig, body, originalBody, k) {
      const h: Record<string, string | string[]> = easypostHeaders(body);
      const sig = signature(k.sign, h["x-hmac-signature"] as string, easypostHeaders(originalBody)["x-hmac-signature"]!);
      if (sig === undefined) delete h["x-hmac-signature"];
      else h["x-hmac-signature"] = sig;
      if (k.extra === 1) h["x-hmac-signature"] = `hmac-sha256-hex=${"0".repeat(64)}`;
      if (k.extra === 2) h["x-hmac-signature"] = "hmac-sha256-hex=";
      return { url: "/webhooks/tracking/easypost", payload: body, headers: h };
    },
  },
  {
    name: "aftership",
    fixtures: aftershipFixtures,
    fresh: (doc, n) => ({ ...(doc as object), event_id: `fuzz-${n}` }),
    extras: 1,
    build(_doc, _orig, body, originalBody, k) {
      const h: Record<string, string | string[]> = aftershipHeaders(body);
      const sig = signature(k.sign, h["aftership-hmac-sha256"] as string, aftershipHeaders(originalBody)["aftership-hmac-sha256"]!);
      if (sig === undefined) delete h["aftership-hmac-sha256"];
      else h["aftership-hmac-sha256"] = sig;
      if (k.extra === 1) h["aftership-hmac-sha256"] = "";
      return { url: "/webhooks/tracking/aftership", payload: body, headers: h };
    },
  },
  {
    name: "shippo",
    fixtures: shippoFixtures,
    fresh: (doc, n) => {
      const d = doc as { data: { tracking_status?: Record<string, unknown> | null } };
      return d.data.tracking_status ? { ...d, data: { ...d.data, tracking_status: { ...d.data.tracking_status, object_id: `fuzz-${n}` } } } : d;
    },
    extras: 4,
    build(_doc, _orig, body, _originalBody, k) {
      const token = k.sign === "valid" || k.sign === "stale" ? SHIPPO_TOKEN : k.sign === "missing" ? null : k.sign === "wrong" ? SHIPPO_TOKEN.slice(0, -1) + "X" : "garbage";
      const query = [
        token === null ? "" : `token=${encodeURIComponent(token)}`,
        k.extra === 1 ? `token=${SHIPPO_TOKEN}&token=other` : k.extra === 2 ? "token=%ZZ" : k.extra === 3 ? `token=${"t".repeat(5_000)}` : k.extra === 4 ? "token[]=x" : "",
      ].filter(Boolean).join("&");
      return { url: `/webhooks/tracking/shippo${query ? `?${query}` : ""}`, payload: body, headers: { "content-type": "application/json" } };
    },
  },
];

endpoints.push(
  {
    name: "gorgias",
    fixtures: gorgiasFixtures,
    fresh: (doc, n) => {
      const d = doc as { ticket: Record<string, unknown>; message?: Record<string, unknown> };
      return d.message ? { ...d, message: { ...d.message, id: `fuzz-${n}` } } : { ...d, ticket: { ...d.ticket, updated_datetime: new Date(Date.UTC(2026, 10, 2) + n * 1000).toISOString() } };
    },
    extras: 3,
    build(_doc, _orig, body, _originalBody, k) {
      const token = k.sign === "valid" || k.sign === "stale" ? GORGIAS_TOKEN : k.sign === "missing" ? null : k.sign === "wrong" ? GORGIAS_TOKEN.slice(0, -1) + "X" : k.sign === "repeated" ? [GORGIAS_TOKEN, "other"] : "garbage \u00ff";
      const h: Record<string, string | string[]> = token === null ? {} : { "x-firebreak-token": token };
      if (k.extra === 1) return { url: `/webhooks/helpdesk/gorgias?token=${encodeURIComponent(GORGIAS_TOKEN)}&token=other`, payload: body, headers: {} };
      if (k.extra === 2) h["x-firebreak-token"] = "t".repeat(5_000);
      if (k.extra === 3) return { url: "/webhooks/helpdesk/gorgias?token=%ZZ", payload: body, headers: {} };
      return { url: "/webhooks/helpdesk/gorgias", payload: body, headers: h };
    },
  },
  {
    name: "zendesk",
    fixtures: zendeskFixtures,
    app: () => cz,
    fresh: (doc, n) => ({ ...(doc as object), id: `zev-fuzz-${n}` }),
    extras: 3,
    build(_doc, _orig, body, originalBody, k) {
      const at = "2026-11-02T09:00:00Z";
      const h: Record<string, string | string[]> = zendeskHeaders(body, at);
      const sig = signature(k.sign, h["x-zendesk-webhook-signature"] as string, zendeskHeaders(originalBody, at)["x-zendesk-webhook-signature"]!);
      if (sig === undefined) delete h["x-zendesk-webhook-signature"];
      else h["x-zendesk-webhook-signature"] = sig;
      if (k.extra === 1) h["x-zendesk-webhook-signature-timestamp"] = "2026-11-01T09:00:00Z"; // a day old: stale
      if (k.extra === 2) h["x-zendesk-webhook-signature-timestamp"] = "not a time";
      if (k.extra === 3) delete h["x-zendesk-webhook-signature-timestamp"];
      return { url: "/webhooks/helpdesk/zendesk", payload: body, headers: h };
    },
  },
);

const codes = new Set(Object.keys(ErrorCodes));
const totals = { cases: 0, fiveXx: 0, rejected: 0, stored: 0, duplicates: 0 };

/** One request's verdict: what must hold whatever was sent. */
async function checkOne(req: Request, c: CapturedApp): Promise<void> {
  const before = await storeCounts(c.app);
  const headers = { ...req.headers };
  const res = await c.app.server.inject({ method: "POST", url: req.url, payload: req.payload, headers: headers as Record<string, string> });
  const after = await storeCounts(c.app);
  totals.cases++;
  if (res.statusCode >= 500) totals.fiveXx++;
  const context = `${req.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, context).toBeLessThan(500);
  const body = res.json() as { status?: string; error?: { code: string; message: string } };
  if (res.statusCode >= 400) {
    totals.rejected++;
    expect(codes.has(body.error?.code ?? ""), context).toBe(true);
    expect(ErrorCodes[body.error!.code as ErrorCode], context).toBe(res.statusCode);
    expect(body.error!.message.length, context).toBeGreaterThan(0);
    expect(after, `a rejected request wrote to the store: ${context}`).toEqual(before);
    return;
  }
  expect(res.statusCode, context).toBe(200);
  if (body.status === "duplicate") {
    totals.duplicates++;
    expect(after, context).toEqual(before);
  } else {
    totals.stored++;
    expect(["stored", "ignored"], context).toContain(body.status);
    expect(after, context).toEqual({ ...before, events: before.events + 1, rawBodies: before.rawBodies + 1 });
  }
}

describe("fuzzing every webhook endpoint and normalizer", () => {
  endpoints.forEach((ep, i) => {
    it(`${ep.name} endpoint: ${HTTP_RUNS[ep.name]} spoiled deliveries, never a 5xx or a partial write`, async ({ task }) => {
      const start = { ...totals };
      await fc.assert(
        fc.asyncProperty(caseArb(ep.fixtures.length, ep.extras), async (k) => {
          const fixtureDoc = ep.fixtures[k.fixture]!;
          const original = ep.fresh ? ep.fresh(fixtureDoc, ++webhookSeq) : fixtureDoc;
          const doc = applyEdits(original, k.edits);
          const originalBody = serialise(original);
          const body = applyBytes(serialise(doc), k.bytes);
          const req = ep.build(doc, original, body, originalBody, k);
          if (k.contentType === null) delete req.headers["content-type"];
          else req.headers["content-type"] = k.contentType;
          await checkOne(req, ep.app?.() ?? c);
        }),
        fuzzParameters(seed + i, HTTP_RUNS[ep.name]),
      );
      // What was accepted must also fold: the projector and the flows meet the fuzzed events too.
      const target = ep.app?.() ?? c;
      await target.app.worker.runUntilIdle();
      expect(errorLines(target.logs)).toEqual([]);
      report(task, `4 fuzz: ${ep.name} endpoint`, {
        fuzzCases: totals.cases - start.cases,
        fiveXx: totals.fiveXx - start.fiveXx,
        rejected: totals.rejected - start.rejected,
        stored: totals.stored - start.stored,
        duplicatesDropped: totals.duplicates - start.duplicates,
      }, `seed ${seed + i}`);
      const accepted = totals.stored - start.stored + totals.duplicates - start.duplicates;
      expect(accepted, "some deliveries must get through, or the fuzz only tests the signature check").toBeGreaterThan(HTTP_RUNS[ep.name] / 50);
      expect(totals.rejected - start.rejected).toBeGreaterThan(HTTP_RUNS[ep.name] / 10);
    });
  });

  const topics = ShopifyTopic.options;
  const normalizers: Array<{ name: string; fixtures: unknown[]; run(body: unknown, k: number): { ok: boolean; code?: string } }> = [
    {
      name: "shopify",
      fixtures: shopifyFixtures.map((f) => f.doc),
      run: (body, k) => normalizeShopify({ shop: SHOP, topic: k < topics.length ? topics[k]! : `random/${k}`, deliveryId: `d-${k}`, triggeredAt: "2026-11-02T09:00:00.000Z", body }),
    },
    { name: "easypost", fixtures: easypostFixtures, run: (body) => normalizeEasyPost({ shop: SHOP, body }) },
    { name: "aftership", fixtures: aftershipFixtures, run: (body) => normalizeAfterShip({ shop: SHOP, body }) },
    { name: "shippo", fixtures: shippoFixtures, run: (body) => normalizeShippo({ shop: SHOP, body, receivedAt: "2026-11-02T09:00:00.000Z" }) },
    { name: "gorgias", fixtures: gorgiasFixtures, run: (body) => normalizeGorgias({ shop: SHOP, body, receivedAt: "2026-11-02T09:00:00.000Z" }) },
    { name: "zendesk", fixtures: zendeskFixtures, run: (body) => normalizeZendesk({ shop: SHOP, body }) },
  ];
  normalizers.forEach((n, i) => {
    it(`${n.name} normalizer: ${NORMALIZER_RUNS} spoiled payloads, never a throw, every refusal coded`, ({ task }) => {
      let ok = 0;
      let refused = 0;
      fc.assert(
        fc.property(fc.nat({ max: n.fixtures.length - 1 }), fc.array(jsonEdit, { minLength: 1, maxLength: 4 }), fc.nat({ max: topics.length + 2 }), (f, edits, topic) => {
          // As the pipeline would hand it over: lossless-parsed from the serialised bytes.
          const parsed = parseJsonLossless(serialise(applyEdits(n.fixtures[f], edits)));
          if (!parsed.ok) return;
          const r = n.run(parsed.value, topic);
          if (r.ok) ok++;
          else {
            refused++;
            expect(codes.has(r.code ?? "")).toBe(true);
            expect(ErrorCodes[r.code as ErrorCode]).toBeLessThan(500);
          }
        }),
        fuzzParameters(seed + 100 + i, NORMALIZER_RUNS),
      );
      totals.cases += NORMALIZER_RUNS;
      report(task, `4 fuzz: ${n.name} normalizer`, { fuzzCases: NORMALIZER_RUNS, fiveXx: 0, stored: ok, rejected: refused }, `seed ${seed + 100 + i}`);
    });
  });

  it("ran at least 10,000 cases in all", ({ task }) => {
    report(task, "4 fuzz: total", { fuzzCases: totals.cases, fiveXx: totals.fiveXx, rejected: totals.rejected, stored: totals.stored, duplicatesDropped: totals.duplicates }, `seed ${seed}`);
    expect(totals.cases).toBeGreaterThanOrEqual(10_000);
    expect(totals.fiveXx).toBe(0);
  });
});
