import { describe, expect, it } from "vitest";
import { TokenBucket, reserveAll } from "../../src/core/token-bucket.js";
import { FakeClock } from "../../src/core/clock.js";
import { createKlaviyoChannels } from "../../src/connectors/klaviyo/client.js";
import { buildEventBody, KlaviyoEventInput } from "../../src/connectors/klaviyo/event-body.js";
import { ChannelRegistry, type Channel } from "../../src/flows/channel.js";
import { bindChannel } from "../../src/flows/bind-channel.js";
import { dispatchDue } from "../../src/flows/dispatcher.js";
import { DEFAULT_RETRY_POLICY } from "../../src/flows/backoff.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { delivered } from "../../src/flows/delivery-result.js";
import { realKlaviyoValidators } from "../connectors-outbound/helpers.js";

const at = (s: number) => new Date(Date.UTC(2026, 10, 5, 9, 0, s));

describe("TokenBucket", () => {
  it("allows a burst of its capacity, then one token per refill interval", () => {
    const b = new TokenBucket(3, 1);
    for (let i = 0; i < 3; i += 1) expect(reserveAll([b], at(0))).toBe(0);
    expect(reserveAll([b], at(0))).toBe(1000);
    expect(reserveAll([b], at(1))).toBe(0);
    expect(reserveAll([b], at(1))).toBe(1000);
  });

  it("takes from every bucket or from none: the steady window bounds a long burst", () => {
    const burst = new TokenBucket(2, 2);
    const steady = new TokenBucket(3, 3 / 60);
    const sent = [0, 0, 1, 2, 3].map((s) => reserveAll([burst, steady], at(s)));
    expect(sent.slice(0, 3)).toEqual([0, 0, 0]);
    // Three in the first minute: the fourth waits for the steady bucket (a token per 20 s), not the burst one.
    expect(sent[3]).toBeGreaterThan(15_000);
    expect(burst.waitMs(at(3))).toBe(0);
  });

  it("does not mint tokens when the clock steps backwards", () => {
    const b = new TokenBucket(1, 1);
    expect(reserveAll([b], at(10))).toBe(0);
    expect(reserveAll([b], at(5))).toBe(1000);
  });
});

describe("Klaviyo client pacing", () => {
  it("paces events and profile imports on separate limits", () => {
    const k = createKlaviyoChannels({ apiKey: "pk_x", timeoutMs: 1000, rateLimits: { events: { burstPerSecond: 2, steadyPerMinute: 100 }, profileImport: { burstPerSecond: 1, steadyPerMinute: 100 } } });
    expect([k.event.reserve!(at(0)), k.event.reserve!(at(0)), k.event.reserve!(at(0))]).toEqual([0, 0, 500]);
    expect([k.profile.reserve!(at(0)), k.profile.reserve!(at(0))]).toEqual([0, 1000]);
    // A bound channel keeps its connector's pacing.
    expect(bindChannel("notify.customer", k.event).reserve!(at(1))).toBe(0);
  });

  it("marks a backfilled event so Klaviyo records it without triggering flows, and the schema accepts it", () => {
    const input = KlaviyoEventInput.parse({ metric: "Order Shipped", profile: { email: "a@example.com" }, properties: {}, time: "2026-11-05T09:00:00.000Z", uniqueId: "k", backfill: true });
    const body = buildEventBody(input);
    expect(body.data.attributes.backfill).toBe(true);
    expect(realKlaviyoValidators().events(body)).toEqual([]);
    expect(buildEventBody({ ...input, backfill: false }).data.attributes).not.toHaveProperty("backfill");
  });
});

describe("dispatcher and a paced channel", () => {
  it("defers an action the connector paces, without spending an attempt, and sends it when a slot frees", async () => {
    const store = new MemoryStore();
    const clock = new FakeClock("2026-11-05T09:00:00.000Z");
    const sent: string[] = [];
    const bucket = new TokenBucket(1, 1);
    const channel: Channel = { name: "paced", reserve: (now) => reserveAll([bucket], now), send: async (a) => (sent.push(a.id), delivered(202)) };
    const base = { shop: "s", channel: "paced", orderId: null, decisionId: null, payload: {}, status: "pending" as const, createdAt: clock.now().toISOString() };
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [{ ...base, id: "a", idempotencyKey: "a" }, { ...base, id: "b", idempotencyKey: "b" }] });
    const deps = { store, clock, channels: new ChannelRegistry().register(channel), policyFor: () => DEFAULT_RETRY_POLICY, random: () => 0.5, bootId: "boot", timeoutMs: 1000, leaseMs: 60_000, batch: 10 };
    await dispatchDue(deps);
    expect(sent).toHaveLength(1);
    const waiting = (await store.listOutbox({ status: "pending" }))[0]!;
    expect(waiting).toMatchObject({ attempts: 0, nextAttemptAt: "2026-11-05T09:00:01.000Z", lastError: expect.stringMatching(/paced to its rate limit/) });
    clock.advance(1000);
    await dispatchDue(deps);
    expect(sent.sort()).toEqual(["a", "b"]);
  });
});

describe("send guard and a dispatch batch", () => {
  /** A memory store, a customer-message channel that records what it sends, and a dispatcher guarded by a cap of one message a day. */
  async function guardedDispatch() {
    const { createSendGuard } = await import("../../src/flows/send-guard.js");
    const { ShopSettings } = await import("../../src/core/settings.js");
    const store = new MemoryStore();
    const clock = new FakeClock("2026-11-05T09:00:00.000Z");
    const sent: string[] = [];
    const channel: Channel = { name: "notify.customer", send: async (a) => (sent.push(a.id), delivered(202)) };
    const settings = ShopSettings.parse({ comms: { frequencyCap: { max: 1, perHours: 24 } } });
    const guard = createSendGuard({ store, settingsFor: () => settings, channel: "notify.customer" });
    const deps = { store, clock, channels: new ChannelRegistry().register(channel), policyFor: () => DEFAULT_RETRY_POLICY, random: () => 0.5, bootId: "boot", timeoutMs: 1000, leaseMs: 60_000, batch: 10, guard };
    const message = (id: string, o: { metric?: string; orderId?: string | null; email?: string; shop?: string } = {}) => ({
      id,
      idempotencyKey: id,
      shop: o.shop ?? "s",
      channel: "notify.customer",
      orderId: o.orderId ?? null,
      decisionId: null,
      payload: { metric: o.metric ?? "Order Shipped", profile: { email: o.email ?? "a@example.com" }, properties: {} },
      status: "pending" as const,
      createdAt: clock.now().toISOString(),
    });
    return { store, clock, sent, message, dispatch: () => dispatchDue(deps) };
  }

  it("counts messages claimed in the same batch toward the customer's frequency cap", async () => {
    const { store, sent, message, dispatch } = await guardedDispatch();
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [message("m1", { metric: "Order Shipped" }), message("m2", { metric: "Out For Delivery" })] });
    await dispatch();
    // Both were claimed together: the first decided goes, the second sees it going out and stops at the cap of one.
    expect(sent).toEqual(["m1"]);
    expect((await store.listOutbox({ status: "skipped" })).map((a) => [a.id, a.lastError])).toEqual([["m2", expect.stringMatching(/^FREQUENCY_CAP: the customer got 1 post-purchase messages/)]]);
  });

  it("counts the customer's messages on their other orders, found by e-mail, and no one else's", async () => {
    const { store, clock, sent, message, dispatch } = await guardedDispatch();
    const ref = (orderId: string, email: string) => ({ shop: "s", orderId, name: `#${orderId}`, email, createdAt: "2026-11-01T09:00:00.000Z" });
    await store.applyProjection({ ...emptyProjectionWrite(), orderRefs: [ref("1", "a@example.com"), ref("2", "a@example.com"), ref("3", "b@example.com")], outbox: [message("first", { orderId: "1" })] });
    await dispatch();
    clock.advance(60_000);
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [message("same-customer", { orderId: "2" }), message("other-customer", { orderId: "3", email: "b@example.com" })] });
    await dispatch();
    expect(sent).toEqual(["first", "other-customer"]);
    expect((await store.listOutbox({ status: "skipped" })).map((a) => a.id)).toEqual(["same-customer"]);
  });

  it("counts only what was delivered within the cap's window, on the customer's other orders too", async () => {
    const { store, clock, sent, message, dispatch } = await guardedDispatch();
    const ref = (orderId: string) => ({ shop: "s", orderId, name: `#${orderId}`, email: "a@example.com", createdAt: "2026-11-01T09:00:00.000Z" });
    await store.applyProjection({ ...emptyProjectionWrite(), orderRefs: [ref("1"), ref("2")], outbox: [message("first", { orderId: "1" })] });
    await dispatch();
    // A day and an hour later the first message is out of the cap's 24 hours.
    clock.advance(25 * 3_600_000);
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [message("next-day", { orderId: "2" })] });
    await dispatch();
    expect(sent).toEqual(["first", "next-day"]);
  });

  it("counts an orderless message going out now only in its own shop", async () => {
    const { store, sent, message, dispatch } = await guardedDispatch();
    // The same address in two shops, both claimed in one batch: each shop's cap of one lets its own through.
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [message("in-s", { shop: "s" }), message("in-t", { shop: "t" }), message("in-s-again", { shop: "s", metric: "Out For Delivery" })] });
    await dispatch();
    expect(sent.sort()).toEqual(["in-s", "in-t"]);
    expect((await store.listOutbox({ status: "skipped" })).map((a) => a.id)).toEqual(["in-s-again"]);
  });
});
