import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { createApp } from "../../src/app.js";
import { deliveryFlows } from "../../src/layers/delivery/flows.js";
import { projectBatch } from "../../src/ingest/projector.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { bearer, easypostHeaders, SHOP, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody, type Scan } from "../helpers/payloads.js";

const KEY = "pk_test_0123456789";
// These scenarios are about the outbox; the delivery flows alone give them one notice and one hold.
let h: Harness;
let klaviyo: FakeKlaviyo;

beforeEach(async () => {
  klaviyo = await startFakeKlaviyo({ apiKey: KEY });
});
afterEach(async () => {
  await h?.close();
  await klaviyo.close();
});

/** A carrier-declared delay: one notice and one hold profile update to deliver. */
async function delayOneOrder(shipTo?: Parameters<typeof orderBody>[0]["shipTo"]) {
  const post = (url: string, payload: string, headers: Record<string, string>) => h.app.server.inject({ method: "POST", url, payload, headers });
  const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z", ...(shipTo !== undefined ? { shipTo } : {}) });
  await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
  const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
  await post("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
  const scans: Scan[] = [
    { at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" },
    { at: "2026-11-05T08:00:00.000Z", status: "in_transit", detail: "weather_delay" },
  ];
  const body = easypostBody({ eventId: "evt_w", scans });
  await post("/webhooks/tracking/easypost", body, easypostHeaders(body));
}

describe("outbox delivery", () => {
  it("retries a 429 after its Retry-After and a 500 with backoff, then delivers once", async () => {
    h = await startHarness({ klaviyo: { apiKey: KEY, baseUrl: klaviyo.url } }, "2026-11-05T09:00:00.000Z", { builtInFlows: deliveryFlows });
    klaviyo.failPlan.push({ status: 429, retryAfter: "30" }, 500);
    await delayOneOrder();
    await h.app.worker.runUntilIdle();
    // Two actions (the notice and the hold) went out together: one met the 429, the other the 500.
    let actions = await h.app.store.listOutbox({});
    expect(actions.map((a) => a.status)).toEqual(["pending", "pending"]);
    const limited = actions.find((a) => /RATE_LIMITED \(HTTP 429\)/.test(a.lastError ?? ""))!;
    const failed = actions.find((a) => /HTTP 500/.test(a.lastError ?? ""))!;
    expect(limited && failed).toBeTruthy();
    // Not before Retry-After, even though backoff alone would allow it.
    expect(Date.parse(limited.nextAttemptAt) - h.clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    // The 500 backs off by the policy's first step (base 2 s, full jitter).
    expect(Date.parse(failed.nextAttemptAt) - h.clock.now().getTime()).toBeLessThanOrEqual(2_000);

    h.clock.advance(29_000);
    await h.app.worker.runUntilIdle();
    expect((await h.app.store.getOutbox(limited.id))!.status).toBe("pending");
    expect((await h.app.store.getOutbox(failed.id))!).toMatchObject({ status: "delivered", attempts: 2 });

    h.clock.advance(2_000);
    await h.app.worker.runUntilIdle();
    actions = await h.app.store.listOutbox({});
    expect(actions.every((a) => a.status === "delivered" && a.attempts === 2)).toBe(true);
    expect(klaviyo.events).toHaveLength(1);
    expect(klaviyo.duplicates).toBe(0);
  });

  it("dead-letters a permanent error with the vendor's answer, and a manual retry delivers it", async () => {
    h = await startHarness({ klaviyo: { apiKey: KEY, baseUrl: klaviyo.url } }, "2026-11-05T09:00:00.000Z", { builtInFlows: deliveryFlows });
    klaviyo.failPlan.push({ status: 400 });
    await delayOneOrder();
    await h.app.worker.runUntilIdle();
    const dead = await h.app.store.listOutbox({ status: "dead" });
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toMatch(/HTTP 400/);
    const listed = (await h.app.server.inject({ method: "GET", url: "/api/outbox?status=dead", headers: bearer })).json().actions;
    expect(listed.map((a: { id: string }) => a.id)).toEqual([dead[0]!.id]);

    const conflict = await h.app.server.inject({ method: "POST", url: `/api/outbox/${(await h.app.store.listOutbox({ status: "delivered" }))[0]!.id}/retry`, headers: bearer });
    expect(conflict.statusCode).toBe(409);
    const retry = await h.app.server.inject({ method: "POST", url: `/api/outbox/${dead[0]!.id}/retry`, headers: bearer });
    expect(retry.statusCode).toBe(200);
    await h.app.worker.runUntilIdle();
    expect((await h.app.store.getOutbox(dead[0]!.id))!.status).toBe("delivered");
    expect(klaviyo.events).toHaveLength(1);
  });

  it("after a crash mid-send, the next boot requeues the claimed action and the resend carries the same unique_id", async () => {
    h = await startHarness({ klaviyo: { apiKey: KEY, baseUrl: klaviyo.url } }, "2026-11-05T09:00:00.000Z", { builtInFlows: deliveryFlows });
    await delayOneOrder();
    await projectBatch({ store: h.app.store, settingsFor: () => defaultShopSettings, rules: [], flows: h.app.flows, decide: true }); // fold and run flows, no dispatch
    // Simulate the crash: the first boot's claim (an old boot id) stays in_flight, as it would after kill -9.
    const claimed = await h.app.store.claimOutbox(h.clock.now().toISOString(), 10, "boot-that-crashed", new Date(h.clock.now().getTime() + 600_000).toISOString());
    // Its send reached Klaviyo before the crash (the 202 was lost): deliver one copy by hand.
    const { createKlaviyoChannels } = await import("../../src/connectors/klaviyo/client.js");
    const ch = createKlaviyoChannels({ apiKey: KEY, baseUrl: klaviyo.url, timeoutMs: 2000 });
    const notice = claimed.find((a) => a.channel === "notify.customer")!;
    expect((await ch.event.send({ ...notice, channel: "klaviyo.event" }, { signal: new AbortController().signal })).ok).toBe(true);

    // A new boot on the same store: recovery must requeue the old boot's claims, never the new boot's own.
    const second = await createApp({ config: h.app.config, store: h.app.store, clock: h.clock, logger: false, builtInFlows: deliveryFlows });
    expect(claimed.length).toBe(2);
    const { requeued } = await second.recover();
    expect(requeued).toBe(claimed.length);
    await second.worker.runUntilIdle();
    expect((await h.app.store.listOutbox({})).every((a) => a.status === "delivered")).toBe(true);
    // Klaviyo saw the notice twice but records it once: same unique_id.
    expect(klaviyo.events.filter((e: any) => e.data.attributes.metric.data.attributes.name === "Order Delayed")).toHaveLength(1);
    expect(klaviyo.duplicates).toBe(1);
    await second.server.close();
  });
});

describe("the restart window", () => {
  it("answers 503 to webhooks until the recovery pass has completed", async () => {
    h = await startHarness();
    const fresh = await createApp({ config: h.app.config, store: h.app.store, clock: h.clock, logger: false });
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    const before = await fresh.server.inject({ method: "POST", url: "/webhooks/shopify", payload: order, headers: shopifyHeaders("orders/create", order) });
    expect(before.statusCode).toBe(503);
    expect(before.json().error.code).toBe("NOT_READY");
    expect((await h.app.store.listEvents({})).length).toBe(0);
    await fresh.recover();
    const after = await fresh.server.inject({ method: "POST", url: "/webhooks/shopify", payload: order, headers: shopifyHeaders("orders/create", order) });
    expect(after.statusCode).toBe(200);
    expect(SHOP).toBe("snowdevil.myshopify.com");
    await fresh.server.close();
  });
});

describe("quiet hours", () => {
  const notice = () => h.app.store.listOutbox({}).then((all) => all.find((a) => a.channel === "notify.customer")!);
  const inLondon = { calendar: { timeZone: "Europe/London" }, quietHours: { start: "21:00", end: "08:00", channels: ["notify.customer"] } };
  const londonShop = (settings: object) => ({ klaviyo: { apiKey: KEY, baseUrl: klaviyo.url }, shops: [{ domain: SHOP, webhookSecrets: ["shpss_test_current_secret"], settings }] });

  it("a customer message due at the customer's night waits for their morning, without spending an attempt", async () => {
    // A London shop; the order ships to Kentucky (New York's zone). The carrier's delay scan is at
    // 08:00 UTC; 09:00 UTC on 5 Nov is 09:00 in London but 04:00 at the customer's.
    h = await startHarness(londonShop(inLondon), "2026-11-05T09:00:00.000Z", { builtInFlows: deliveryFlows });
    await delayOneOrder();
    await h.app.worker.runUntilIdle();
    expect(await notice()).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: "2026-11-05T13:00:00.000Z" });
    expect((await notice()).lastError).toBe(
      "deferred: quiet hours 21:00–08:00 America/New_York (the customer's time zone, from the order's address) for notify.customer until 2026-11-05T13:00:00.000Z",
    );
    // The hold (a profile property, not a message) is not held back.
    expect((await h.app.store.listOutbox({})).find((a) => a.channel === "customer.profile")!.status).toBe("delivered");
    expect(klaviyo.events).toHaveLength(0);
    h.clock.set("2026-11-05T13:00:00.000Z");
    await h.app.worker.runUntilIdle();
    expect(await notice()).toMatchObject({ status: "delivered", attempts: 1 });
    expect(klaviyo.events).toHaveLength(1);
  });

  it("an order whose address names no zone keeps the shop's night, and says so", async () => {
    // 23:30 UTC is 23:30 in London: the shop's night; the address is gone, so nothing says it is the customer's evening.
    h = await startHarness(londonShop(inLondon), "2026-11-05T23:30:00.000Z", { builtInFlows: deliveryFlows });
    await delayOneOrder(null);
    await h.app.worker.runUntilIdle();
    expect(await notice()).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: "2026-11-06T08:00:00.000Z" });
    expect((await notice()).lastError).toMatch(/quiet hours 21:00–08:00 Europe\/London \(the shop's time zone: the order's address names none we know\)/);
  });

  it("a customer whose day it is gets the message at the shop's night", async () => {
    // 23:30 UTC is 23:30 in London, 15:30 in Los Angeles.
    h = await startHarness(londonShop(inLondon), "2026-11-05T23:30:00.000Z", { builtInFlows: deliveryFlows });
    await delayOneOrder({ country: "US", province: "CA" });
    await h.app.worker.runUntilIdle();
    expect(await notice()).toMatchObject({ status: "delivered", attempts: 1 });
    expect(klaviyo.events).toHaveLength(1);
  });
});
