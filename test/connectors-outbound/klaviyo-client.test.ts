import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKlaviyoChannels } from "../../src/connectors/klaviyo/client.js";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { opsHoldPatch } from "../../src/connectors/klaviyo/profile-body.js";
import { sendJson } from "../../src/connectors/http/send-json.js";
import { action, ctx, delayEvent, realKlaviyoValidators } from "./helpers.js";

const API_KEY = "pk_test_0123456789abcdef";
let fake: FakeKlaviyo;
let klaviyo: ReturnType<typeof createKlaviyoChannels>;

beforeAll(async () => {
  fake = await startFakeKlaviyo({ apiKey: API_KEY, validators: realKlaviyoValidators() });
  // 200 ms bounds the hang case; every other exchange on loopback finishes far sooner.
  klaviyo = createKlaviyoChannels({ apiKey: API_KEY, baseUrl: fake.url, timeoutMs: 200 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const eventAction = (key = "delay-notice:1001:1Z999") => action("klaviyo.event", { ...delayEvent }, key);

describe("klaviyo.event against the fake", () => {
  it("delivers: 202, with Klaviyo's headers, a schema-valid body and unique_id = the idempotency key", async () => {
    const result = await klaviyo.event.send(eventAction(), ctx());
    expect(result).toEqual({ ok: true, status: 202, detail: "HTTP 202" });
    expect(fake.requests).toEqual([{ method: "POST", path: "/api/events", status: 202, revision: "2026-07-15" }]);
    expect(fake.events).toHaveLength(1);
    expect(fake.uniqueIds).toEqual(new Set(["delay-notice:1001:1Z999"]));
  });

  it("keeps an explicit uniqueId from the payload", async () => {
    await klaviyo.event.send(action("klaviyo.event", { ...delayEvent, uniqueId: "evt-42" }), ctx());
    expect(fake.uniqueIds).toEqual(new Set(["evt-42"]));
  });

  it("a resend after a crash is harmless: Klaviyo dedupes on unique_id", async () => {
    const first = await klaviyo.event.send(eventAction(), ctx());
    const again = await klaviyo.event.send(eventAction(), ctx());
    const other = await klaviyo.event.send(eventAction("delay-notice:1002:1Z777"), ctx());
    expect([first.ok, again.ok, other.ok]).toEqual([true, true, true]);
    expect(fake.received).toHaveLength(3);
    expect(fake.events).toHaveLength(2);
    expect(fake.duplicates).toBe(1);
  });

  it("429 is retryable and surfaces Retry-After as retryAfterMs", async () => {
    fake.failPlan.push({ status: 429, retryAfter: "7" });
    const result = await klaviyo.event.send(eventAction(), ctx());
    expect(result).toMatchObject({ ok: false, retryable: true, status: 429, code: "RATE_LIMITED", retryAfterMs: 7_000 });
    expect(fake.events).toHaveLength(0);
  });

  it("500 and 503 are retryable; the next request goes through", async () => {
    fake.failPlan.push(500, 503);
    expect(await klaviyo.event.send(eventAction(), ctx())).toMatchObject({ ok: false, retryable: true, status: 500, code: "SERVER_ERROR" });
    expect(await klaviyo.event.send(eventAction(), ctx())).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(await klaviyo.event.send(eventAction(), ctx())).toMatchObject({ ok: true, status: 202 });
  });

  it("a hanging server is a retryable TIMEOUT within timeoutMs", async () => {
    fake.failPlan.push("hang");
    const result = await klaviyo.event.send(eventAction(), ctx());
    expect(result).toMatchObject({ ok: false, retryable: true, code: "TIMEOUT" });
    expect(result.ok || result.status).toBeFalsy();
  });

  it("a reset connection is a retryable NETWORK error", async () => {
    fake.failPlan.push("reset");
    expect(await klaviyo.event.send(eventAction(), ctx())).toMatchObject({ ok: false, retryable: true, code: "NETWORK" });
  });

  it("a wrong key is a permanent 401 whose error never shows the key", async () => {
    const wrong = createKlaviyoChannels({ apiKey: "pk_wrong_key_123456", baseUrl: fake.url, timeoutMs: 200 });
    const result = await wrong.event.send(eventAction(), ctx());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 401, code: "UNAUTHORIZED" });
    if (result.ok) return;
    expect(result.error).toContain("not_authenticated");
    expect(result.error).not.toContain("pk_wrong_key_123456");
  });

  it("a 400 is permanent and carries Klaviyo's error body (bad revision header)", async () => {
    const bad = createKlaviyoChannels({ apiKey: API_KEY, baseUrl: fake.url, timeoutMs: 200, revision: "latest" });
    const result = await bad.event.send(eventAction(), ctx());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 400, code: "BAD_REQUEST" });
    if (!result.ok) expect(result.error).toContain("revision header");
  });

  it("a body the schema rejects comes back as a permanent 400 naming the field", async () => {
    const result = await sendJson({
      url: `${fake.url}/api/events`,
      label: "klaviyo POST /api/events",
      headers: { authorization: `Klaviyo-API-Key ${API_KEY}`, revision: "2026-07-15", "content-type": "application/vnd.api+json" },
      body: { data: { type: "event", attributes: { properties: {}, profile: { data: { type: "profile", attributes: { email: "a@b.c" } } } } } },
      timeoutMs: 200,
    });
    expect(result).toMatchObject({ ok: false, retryable: false, status: 400 });
    if (!result.ok) expect(result.error).toContain("must have required property 'metric'");
    expect(fake.received).toHaveLength(0);
  });

  it("an invalid payload fails permanently without a request", async () => {
    const result = await klaviyo.event.send(action("klaviyo.event", { metric: "X", profile: {}, properties: {}, time: "2026-11-20T10:00:00Z" }), ctx());
    expect(result).toMatchObject({ ok: false, retryable: false, code: "PAYLOAD_INVALID" });
    expect(fake.requests).toHaveLength(0);
  });

  it("sends Klaviyo's RateLimit-* headers on success", async () => {
    const res = await fetch(`${fake.url}/api/events`, {
      method: "POST",
      headers: { authorization: `Klaviyo-API-Key ${API_KEY}`, revision: "2026-07-15", "content-type": "application/vnd.api+json" },
      body: JSON.stringify({ data: { type: "event", attributes: { properties: {}, metric: { data: { type: "metric", attributes: { name: "M" } } }, profile: { data: { type: "profile", attributes: { email: "a@b.c" } } } } } }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("ratelimit-limit")).toBe("3500");
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(3500);
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });
});

describe("klaviyo.profile against the fake", () => {
  it("upserts the hold: 201 created, then 200 updated, and a release unsets the reason", async () => {
    const hold = action("klaviyo.profile", { email: "bob@example.com", ...opsHoldPatch({ active: true, reason: "delivery_exception", orderName: "#1001" }) });
    expect(await klaviyo.profile.send(hold, ctx())).toMatchObject({ ok: true, status: 201 });
    expect(await klaviyo.profile.send(hold, ctx())).toMatchObject({ ok: true, status: 200 });
    expect(fake.profiles.get("email:bob@example.com")?.properties).toEqual({ ops_hold: true, ops_hold_reason: "delivery_exception", ops_hold_order: "#1001" });

    const release = action("klaviyo.profile", { email: "bob@example.com", ...opsHoldPatch({ active: false }) });
    expect(await klaviyo.profile.send(release, ctx())).toMatchObject({ ok: true, status: 200 });
    expect(fake.profiles.get("email:bob@example.com")?.properties).toEqual({ ops_hold: false });
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/profile-import", "/api/profile-import", "/api/profile-import"]);
  });
});
