/**
 * Scenario 5, access: every webhook route turns away unsigned and wrongly signed requests, every
 * API route a missing, wrong or expired token; failed attempts are limited per source; every body
 * has a size limit; no secret reaches the log or the store. Routes are enumerated from the real
 * app as it registers them, so a route added later is covered without editing this file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { configSecrets } from "../../src/server/logger.js";
import type { SqliteStore } from "../../src/store/sqlite/open.js";
import { API_TOKEN, easypostHeaders, SHIPPO_TOKEN, SHOP, shopifyHeaders, SHOPIFY_SECRET } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody } from "../helpers/payloads.js";
import { report } from "./report.js";
import { startCapturedApp, type CapturedApp } from "./support.js";

const BODY_LIMIT = 64 * 1024;
const EXPIRED_TOKEN = "expired-token-0123456789abcdef-expired";
const KLAVIYO_KEY = "pk_live_reliability_0123456789abcdef";
const GORGIAS_API_KEY = "gorgias-api-key-for-access-0123";
const GORGIAS_INBOUND = "gorgias-inbound-for-access-0123";
const OUTBOUND_WEBHOOK_SECRET = "outbound-webhook-secret-0123456789";
const SIGNATURE_HEADERS = ["x-shopify-hmac-sha256", "x-hmac-signature", "aftership-hmac-sha256", "x-firebreak-token", "x-zendesk-webhook-signature", "x-zendesk-webhook-signature-timestamp"];

let c: CapturedApp;
let klaviyo: FakeKlaviyo;
let slack: FakeSlack;
const routes: Array<{ method: string; url: string }> = [];
let ipSeq = 0;
/** A fresh client address per probe, so the failure limit (tested on its own below) does not mask a 401. */
const nextIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

beforeAll(async () => {
  klaviyo = await startFakeKlaviyo({ apiKey: KLAVIYO_KEY });
  slack = await startFakeSlack();
  c = await startCapturedApp(
    {
      bodyLimitBytes: BODY_LIMIT,
      shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], shippoTokens: [SHIPPO_TOKEN], helpdesk: { kind: "gorgias", domain: "snowdevil", email: "ops@snowdevil.example", apiToken: GORGIAS_API_KEY, inboundSecrets: [GORGIAS_INBOUND] } }],
      webhook: { url: "http://127.0.0.1:9/hook", secret: OUTBOUND_WEBHOOK_SECRET },
      apiTokens: [{ name: "departed", token: EXPIRED_TOKEN, expiresAt: "2026-11-01T00:00:00Z" }],
      authRateLimit: { maxFailures: 10, windowMs: 60_000 },
      klaviyo: { apiKey: KLAVIYO_KEY, baseUrl: klaviyo.url },
      slack: { webhookUrl: slack.url },
      logLevel: "trace",
    },
    "2026-11-05T09:00:00.000Z",
    (app) => app.server.addHook("onRoute", (r) => {
      for (const method of [r.method].flat()) if (method !== "HEAD") routes.push({ method, url: r.url });
    }),
  );
});
afterAll(async () => {
  await c?.close();
  await klaviyo?.close();
  await slack?.close();
});

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, "x");
const webhookRoutes = () => routes.filter((r) => r.url.startsWith("/webhooks/"));
const apiRoutes = () => routes.filter((r) => r.url.startsWith("/api/"));

describe("access", () => {
  it("every webhook route rejects an unsigned and a wrongly signed request, and stores nothing", async ({ task }) => {
    expect(webhookRoutes().map((r) => r.url).sort()).toEqual(["/webhooks/helpdesk/gorgias", "/webhooks/helpdesk/zendesk", "/webhooks/shopify", "/webhooks/tracking/aftership", "/webhooks/tracking/easypost", "/webhooks/tracking/shippo"]);
    const body = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    let rejected = 0;
    for (const r of webhookRoutes()) {
      const base = { "content-type": "application/json", "x-shopify-topic": "orders/create", "x-shopify-shop-domain": "snowdevil.myshopify.com" };
      const wrong = { ...base, ...Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, h === "x-hmac-signature" ? `hmac-sha256-hex=${"ab".repeat(32)}` : h === "x-zendesk-webhook-signature-timestamp" ? "2026-11-05T09:00:00Z" : h === "x-zendesk-webhook-signature" ? Buffer.alloc(32, 7).toString("base64") : h === "x-firebreak-token" ? "wrong-token-0123456789" : "d3Jvbmc="])) };
      // Signed with the right secret over other bytes: a replayed signature on a changed body.
      const replayed = { ...base, "x-shopify-hmac-sha256": shopifyHeaders("orders/create", body + " ")["x-shopify-hmac-sha256"]!, "x-hmac-signature": easypostHeaders(body + " ")["x-hmac-signature"]! };
      for (const [name, headers, query] of [["unsigned", base, ""], ["wrongly signed", wrong, "?token=wrong-token-0123456789"], ["signed over other bytes", replayed, "?token="]] as const) {
        const res = await c.app.server.inject({ method: "POST", url: r.url + query, payload: body, headers, remoteAddress: nextIp() });
        expect(res.statusCode, `${name} ${r.url}`).toBe(401);
        expect(["SIGNATURE_MISSING", "SIGNATURE_INVALID"], `${name} ${r.url}`).toContain(res.json().error.code);
        rejected++;
      }
    }
    expect((await c.app.store.listEvents({})).length).toBe(0);
    report(task, "5 access: webhook signatures", { rejected, stored: 0 });
  });

  it("every API route rejects a missing, wrong, malformed or expired token", async ({ task }) => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(8);
    let rejected = 0;
    const cases: Array<[string, Record<string, string>, string]> = [
      ["missing", {}, "TOKEN_INVALID"],
      ["wrong", { authorization: "Bearer wrong-token-wrong-token-wrong-token" }, "TOKEN_INVALID"],
      ["the token plus a byte", { authorization: `Bearer ${API_TOKEN}x` }, "TOKEN_INVALID"],
      ["the token as Basic", { authorization: `Basic ${Buffer.from(`x:${API_TOKEN}`).toString("base64")}` }, "TOKEN_INVALID"],
      ["the token in the query instead", {}, "TOKEN_INVALID"],
      ["expired", { authorization: `Bearer ${EXPIRED_TOKEN}` }, "TOKEN_EXPIRED"],
    ];
    for (const r of [...apiRoutes(), { method: "GET", url: "/api/no-such-route" }, { method: "DELETE", url: "/api/orders/x" }]) {
      for (const [name, headers, code] of cases) {
        const url = concrete(r.url) + (name.includes("query") ? `?token=${API_TOKEN}&access_token=${API_TOKEN}` : "");
        const res = await c.app.server.inject({ method: r.method as "GET", url, headers: { ...headers, "content-type": "application/json" }, payload: r.method === "GET" ? undefined : "{}", remoteAddress: nextIp() });
        expect(res.statusCode, `${name} ${r.method} ${r.url}`).toBe(401);
        expect(res.json().error.code, `${name} ${r.method} ${r.url}`).toBe(code);
        expect(res.headers["www-authenticate"]).toBe('Bearer realm="firebreak"');
        rejected++;
      }
    }
    report(task, "5 access: API tokens", { rejected });
  });

  it("limits failed authentication per source: 429 with Retry-After and a stable code, on both surfaces", async ({ task }) => {
    const attacker = "203.0.113.7";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await c.app.server.inject({ method: "GET", url: "/api/summary", headers: { authorization: `Bearer guess-${i}-0123456789abcdef0123` }, remoteAddress: attacker });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const blocked = await c.app.server.inject({ method: "GET", url: "/api/summary", headers: { authorization: `Bearer ${API_TOKEN}` }, remoteAddress: attacker });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe("AUTH_RATE_LIMITED");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    const body = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    expect((await c.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers: shopifyHeaders("orders/create", body), remoteAddress: attacker })).statusCode).toBe(429);
    // A webhook guesser is limited the same way.
    const sender = "203.0.113.8";
    for (let i = 0; i < 10; i++) await c.app.server.inject({ method: "POST", url: `/webhooks/tracking/shippo?token=guess-${i}-0123456789`, payload: "{}", headers: { "content-type": "application/json" }, remoteAddress: sender });
    expect((await c.app.server.inject({ method: "POST", url: `/webhooks/tracking/shippo?token=${SHIPPO_TOKEN}`, payload: "{}", headers: { "content-type": "application/json" }, remoteAddress: sender })).json().error.code).toBe("AUTH_RATE_LIMITED");
    // Everyone else is served.
    expect((await c.app.server.inject({ method: "GET", url: "/api/summary", headers: { authorization: `Bearer ${API_TOKEN}` }, remoteAddress: nextIp() })).statusCode).toBe(200);
    c.clock.advance(60_001);
    expect((await c.app.server.inject({ method: "GET", url: "/api/summary", headers: { authorization: `Bearer ${API_TOKEN}` }, remoteAddress: attacker })).statusCode).toBe(200);
    report(task, "5 access: failed-auth rate limit", { rejected: statuses.filter((s) => s === 429).length + 2 });
  });

  it("every route that takes a body refuses one over the limit with 413 BODY_TOO_LARGE, and stores nothing", async ({ task }) => {
    const before = (await c.app.store.listEvents({})).length;
    const big = Buffer.alloc(BODY_LIMIT + 1, "a");
    const posts = routes.filter((r) => r.method !== "GET");
    expect(posts.length).toBeGreaterThanOrEqual(6);
    for (const r of posts) {
      const url = concrete(r.url) + (r.url.includes("shippo") ? `?token=${SHIPPO_TOKEN}` : "");
      const res = await c.app.server.inject({ method: r.method as "POST", url, payload: big, headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}`, ...shopifyHeaders("orders/create", big) }, remoteAddress: nextIp() });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(413);
      expect(res.json().error.code).toBe("BODY_TOO_LARGE");
    }
    expect((await c.app.store.listEvents({})).length).toBe(before);
    report(task, "5 access: body size limits", { rejected: posts.length });
  });

  it("over a real socket: an oversized header block gets 431 and the server keeps serving", async ({ task }) => {
    const url = await c.app.server.listen({ host: "127.0.0.1", port: 0 });
    const res = await fetch(`${url}/healthz`, { headers: { "x-padding": "p".repeat(64 * 1024) } });
    expect(res.status).toBe(431);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    report(task, "5 access: header size limit (socket)", { rejected: 1 });
  });

  it("compares every secret in constant time (a source check: no verifier compares with === or !==)", ({ task }) => {
    const src = join(import.meta.dirname, "..", "..", "src");
    const verifiers = readdirSync(join(src, "connectors"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(src, "connectors", d.name, "verify.ts"))
      .filter((f) => { try { return readFileSync(f).length > 0; } catch { return false; } });
    expect(verifiers.length).toBeGreaterThanOrEqual(4);
    for (const f of verifiers) {
      const text = readFileSync(f, "utf8");
      expect(text, f).toMatch(/from "\.\.\/shared\/hmac\.js"/);
      expect(text, f).not.toMatch(/(secret|token|digest|signature|hmac)\w*\s*[!=]==(?!\s*(?:undefined|null|""|-1))/i);
    }
    for (const f of ["server/auth.ts", "connectors/shared/hmac.ts"]) expect(readFileSync(join(src, f), "utf8"), f).toMatch(/timingSafeEqual\(/);
    report(task, "5 access: constant-time comparisons", {}, `${verifiers.length} verifiers and the API token check`);
  });

  it("no secret appears in the logs or the stored rows, after a run through success and error paths", async ({ task }) => {
    // Real traffic: a delay that sends a Klaviyo notice (first refused with a 500, then accepted) and holds a profile.
    klaviyo.failPlan.push(500, { status: 401 });
    const post = (url: string, payload: string, headers: Record<string, string>) => c.app.server.inject({ method: "POST", url, payload, headers: { ...headers, authorization: `Bearer ${API_TOKEN}`, cookie: `session=${API_TOKEN}` }, remoteAddress: nextIp() });
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    expect((await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order))).statusCode).toBe(200);
    const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
    expect((await post("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f))).statusCode).toBe(200);
    const scan = easypostBody({ eventId: "evt_access", scans: [{ at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" }, { at: "2026-11-05T08:00:00.000Z", status: "in_transit", detail: "weather_delay" }] });
    expect((await post("/webhooks/tracking/easypost", scan, easypostHeaders(scan))).statusCode).toBe(200);
    expect((await post(`/webhooks/tracking/shippo?token=${SHIPPO_TOKEN}`, "{not json", { "content-type": "application/json" })).statusCode).toBe(400);
    // Secrets where a careless log would pick them up: in paths, queries and error messages.
    await c.app.server.inject({ method: "GET", url: `/api/${API_TOKEN}?token=${API_TOKEN}`, headers: { authorization: `Bearer ${API_TOKEN}` } });
    await c.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: "{}", headers: { "x-shopify-hmac-sha256": SHOPIFY_SECRET, "x-shopify-shop-domain": SHOPIFY_SECRET, "x-shopify-topic": "orders/create" }, remoteAddress: nextIp() });
    await c.app.worker.runUntilIdle();
    c.clock.advance(10 * 60_000);
    await c.app.worker.runUntilIdle();
    const actions = await c.app.store.listOutbox({});
    expect(actions.length).toBeGreaterThan(0);
    expect(klaviyo.requests.some((r) => r.status >= 400)).toBe(true);

    const secrets = [...configSecrets(c.app.config), EXPIRED_TOKEN];
    expect(secrets).toEqual(expect.arrayContaining([API_TOKEN, SHOPIFY_SECRET, SHIPPO_TOKEN, KLAVIYO_KEY, GORGIAS_API_KEY, GORGIAS_INBOUND, OUTBOUND_WEBHOOK_SECRET]));
    const logText = c.logs.join("");
    expect(c.logs.length).toBeGreaterThan(20);
    // The run did put secrets in the way of the logger (the token in a logged path, a secret echoed in a header): they were caught.
    expect(logText).toContain("[redacted]");
    const inLogs = secrets.filter((s) => logText.includes(s));
    expect(inLogs, "secrets found in the log").toEqual([]);

    const raw = (c.app.store as SqliteStore).raw;
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    let rows = 0;
    const inStore: string[] = [];
    for (const table of tables) {
      for (const row of raw.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        rows++;
        const text = Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v))).join("\u0000");
        for (const s of secrets) if (text.includes(s)) inStore.push(`${table}: ${s.slice(0, 6)}…`);
      }
    }
    expect(rows).toBeGreaterThan(5);
    expect(inStore, "secrets found in stored rows").toEqual([]);
    report(task, "5 access: secrets in logs and store", { stored: rows, actionsDelivered: actions.filter((a) => a.status === "delivered").length }, `${c.logs.length} log lines, ${secrets.length} secrets, ${tables.length} tables scanned`);
  });
});
