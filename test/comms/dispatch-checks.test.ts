import { describe, expect, it } from "vitest";
import { dispatchChecks } from "../../src/flows/dispatch-checks.js";
import { dispatchDue } from "../../src/flows/dispatcher.js";
import { ChannelRegistry, type Channel } from "../../src/flows/channel.js";
import { DEFAULT_RETRY_POLICY } from "../../src/flows/backoff.js";
import { delivered } from "../../src/flows/delivery-result.js";
import { FakeClock } from "../../src/core/clock.js";
import { defaultShopSettings, type ShopSettings } from "../../src/core/settings.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { journey, ORDER_ID, SHOP } from "../flows/catalog/flow-context.js";

// Quiet hours on the customer-message channel itself, so both checks ask for the order's journey.
const settings: ShopSettings = { ...defaultShopSettings, quietHours: { start: "21:00", end: "08:00", channels: ["notify.customer"] } };

async function dispatchAt(iso: string) {
  const store = new MemoryStore();
  await store.applyProjection({ ...emptyProjectionWrite(), journeys: [journey({ customerTimeZone: "America/Los_Angeles" })] });
  const message = { id: "m1", idempotencyKey: "m1", shop: SHOP, channel: "notify.customer", orderId: ORDER_ID, decisionId: null, payload: { metric: "Order Shipped", profile: { email: "jon@example.com" }, properties: {} }, status: "pending" as const, createdAt: iso };
  await store.applyProjection({ ...emptyProjectionWrite(), outbox: [message] });
  const read = store.getJourney.bind(store);
  let reads = 0;
  store.getJourney = (shop, orderId) => (reads++, read(shop, orderId));
  const sent: string[] = [];
  const channel: Channel = { name: "notify.customer", send: async (a) => (sent.push(a.id), delivered(202)) };
  const clock = new FakeClock(iso);
  await dispatchDue({ store, clock, channels: new ChannelRegistry().register(channel), policyFor: () => DEFAULT_RETRY_POLICY, random: () => 0.5, bootId: "boot", timeoutMs: 1000, leaseMs: 60_000, batch: 10, ...dispatchChecks({ store, settingsFor: () => settings, channel: "notify.customer" }) });
  return { store, sent, reads };
}

describe("the dispatcher's checks before a customer message leaves", () => {
  it("read the order's journey once for quiet hours and the send guard together", async () => {
    // 18:00 UTC: 10:00 in Los Angeles, the customer's zone, outside the window.
    const { sent, reads } = await dispatchAt("2026-11-05T18:00:00.000Z");
    expect(sent).toEqual(["m1"]);
    expect(reads).toBe(1);
  });

  it("hold it in the customer's night, from the same read, before the guard is asked", async () => {
    // 06:00 UTC: 22:00 in Los Angeles.
    const { store, sent, reads } = await dispatchAt("2026-11-05T06:00:00.000Z");
    expect(sent).toEqual([]);
    expect(reads).toBe(1);
    expect(await store.getOutbox("m1")).toMatchObject({ status: "pending", nextAttemptAt: "2026-11-05T16:00:00.000Z", lastError: expect.stringContaining("America/Los_Angeles (the customer's time zone") });
  });
});
