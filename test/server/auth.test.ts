import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/core/clock.js";
import { AuthFailureLimiter } from "../../src/server/auth-limiter.js";
import { apiTokenEntries, checkBearer } from "../../src/server/auth.js";
import { Config } from "../../src/config/schema.js";
import { API_TOKEN, bearer, SHOP, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { orderBody } from "../helpers/payloads.js";

const CI_TOKEN = "ci-token-0123456789abcdef-ci-token";
const OLD_TOKEN = "old-token-0123456789abcdef-old-token";
const HASHED_TOKEN = "hashed-token-0123456789abcdef-hashed";
const sha256hex = (s: string) => createHash("sha256").update(s).digest("hex");

describe("checkBearer", () => {
  const entries = apiTokenEntries(API_TOKEN, [
    { name: "ci", token: CI_TOKEN, expiresAt: "2026-12-01T00:00:00Z" },
    { name: "hashed", tokenSha256: sha256hex(HASHED_TOKEN) },
  ]);
  const now = new Date("2026-11-02T09:00:00Z");

  it("accepts the single token, a named one before its expiry, and one configured only by its hash", () => {
    expect(checkBearer(`Bearer ${API_TOKEN}`, entries, now)).toEqual({ ok: true, name: "apiToken" });
    expect(checkBearer(`bearer  ${CI_TOKEN}`, entries, now)).toEqual({ ok: true, name: "ci" });
    expect(checkBearer(`Bearer ${HASHED_TOKEN}`, entries, now)).toEqual({ ok: true, name: "hashed" });
  });

  it("refuses a missing header, another scheme, a near miss, and a token at or after its expiry", () => {
    expect(checkBearer(undefined, entries, now)).toEqual({ ok: false, reason: "missing" });
    expect(checkBearer(`Basic ${API_TOKEN}`, entries, now)).toEqual({ ok: false, reason: "missing" });
    expect(checkBearer(`Bearer ${API_TOKEN}x`, entries, now)).toEqual({ ok: false, reason: "invalid" });
    expect(checkBearer(`Bearer ${sha256hex(HASHED_TOKEN)}`, entries, now)).toEqual({ ok: false, reason: "invalid" });
    expect(checkBearer(`Bearer ${CI_TOKEN}`, entries, new Date("2026-12-01T00:00:00Z"))).toEqual({ ok: false, reason: "expired", name: "ci" });
  });
});

describe("the apiTokens config", () => {
  const base = { apiToken: API_TOKEN, shops: [{ domain: SHOP, webhookSecrets: ["s"] }] };
  it("takes a token or its SHA-256, never both or neither, and a dated expiry", () => {
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a", token: CI_TOKEN, expiresAt: "2026-12-01T00:00:00Z" }] }).success).toBe(true);
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a", tokenSha256: sha256hex("x") }] }).success).toBe(true);
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a" }] }).success).toBe(false);
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a", token: CI_TOKEN, tokenSha256: sha256hex("x") }] }).success).toBe(false);
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a", token: "short" }] }).success).toBe(false);
    expect(Config.safeParse({ ...base, apiTokens: [{ name: "a", token: CI_TOKEN, expiresAt: "next week" }] }).success).toBe(false);
  });
});

describe("AuthFailureLimiter", () => {
  it("blocks a source after maxFailures within the window, says for how long, and lets it go as the window slides", () => {
    const clock = new FakeClock("2026-11-02T09:00:00Z");
    const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, clock });
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor("1.2.3.4")).toBe(0);
      limiter.recordFailure("1.2.3.4");
      clock.advance(10_000);
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the first one leaves the window at 60 s.
    expect(limiter.blockedFor("1.2.3.4")).toBe(30);
    expect(limiter.blockedFor("5.6.7.8")).toBe(0);
    clock.advance(30_000);
    expect(limiter.blockedFor("1.2.3.4")).toBe(0);
  });

  it("forgets the least recently failing source beyond maxSources", () => {
    const clock = new FakeClock("2026-11-02T09:00:00Z");
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowMs: 60_000, clock, maxSources: 2 });
    for (const s of ["a", "b", "c"]) limiter.recordFailure(s);
    expect(["a", "b", "c"].map((s) => limiter.blockedFor(s))).toEqual([0, 60, 60]);
  });
});

describe("API and webhook authentication through the app", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      apiTokens: [{ name: "old", token: OLD_TOKEN, expiresAt: "2026-11-01T00:00:00Z" }, { name: "ci", token: CI_TOKEN }],
      authRateLimit: { maxFailures: 4, windowMs: 60_000 },
    });
  });
  afterAll(async () => {
    await h.close();
  });
  const get = (token: string | null, remoteAddress: string) =>
    h.app.server.inject({ method: "GET", url: "/api/summary", remoteAddress, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("accepts a named token and refuses an expired one with TOKEN_EXPIRED", async () => {
    expect((await get(CI_TOKEN, "10.0.0.1")).statusCode).toBe(200);
    const expired = await get(OLD_TOKEN, "10.0.0.1");
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe("TOKEN_EXPIRED");
    expect(expired.headers["www-authenticate"]).toBe('Bearer realm="firebreak"');
  });

  it("rate-limits failed attempts per source on the API and the webhooks alike, refusing even a good token while blocked", async () => {
    const ip = "10.0.0.2";
    for (let i = 0; i < 3; i++) expect((await get("wrong-token-wrong-token-wrong", ip)).statusCode).toBe(401);
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    const badSig = await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", remoteAddress: ip, payload: order, headers: shopifyHeaders("orders/create", order, { secret: "not-the-secret" }) });
    expect(badSig.json().error.code).toBe("SIGNATURE_INVALID");

    const limited = await get(API_TOKEN, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("AUTH_RATE_LIMITED");
    expect(limited.headers["retry-after"]).toBe("60");
    const webhook = await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", remoteAddress: ip, payload: order, headers: shopifyHeaders("orders/create", order) });
    expect(webhook.statusCode).toBe(429);
    expect((await h.app.server.inject({ method: "GET", url: "/api/no-such-route", remoteAddress: ip, headers: bearer })).statusCode).toBe(429);

    // Another source is not affected, and the blocked one is let in once the window has slid past.
    expect((await get(API_TOKEN, "10.0.0.3")).statusCode).toBe(200);
    h.clock.advance(60_001);
    expect((await get(API_TOKEN, ip)).statusCode).toBe(200);
  });

  it("does not count a well-signed webhook with a bad body as a failed authentication", async () => {
    const ip = "10.0.0.4";
    for (let i = 0; i < 6; i++) {
      const res = await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", remoteAddress: ip, payload: "{not json", headers: shopifyHeaders("orders/create", "{not json") });
      expect(res.json().error.code).toBe("MALFORMED_JSON");
    }
    expect((await get(API_TOKEN, ip)).statusCode).toBe(200);
  });
});
