import { describe, expect, it } from "vitest";
import { createSendGuard } from "../../src/flows/send-guard.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { defaultShopSettings, type ShopSettings } from "../../src/core/settings.js";
import type { OutboxAction } from "../../src/core/outbox.js";
import { journey, ORDER_ID, SHOP } from "../flows/catalog/flow-context.js";

// The send check holds SMS-capable metrics through quiet hours in the customer's zone, as the
// dispatcher holds its quiet channels (test/e2e/outbox-reliability.test.ts).

const settings: ShopSettings = {
  ...defaultShopSettings,
  calendar: { ...defaultShopSettings.calendar, timeZone: "Europe/London" },
  quietHours: { start: "21:00", end: "08:00", channels: ["sms"] },
  comms: { ...defaultShopSettings.comms, smsMetrics: ["Out For Delivery"] },
};

const action: OutboxAction = {
  id: "a1",
  shop: SHOP,
  idempotencyKey: "ofd:1",
  channel: "notify.customer",
  orderId: ORDER_ID,
  decisionId: null,
  payload: { metric: "Out For Delivery", profile: { email: "jon@example.com" }, properties: { event_time: "2026-11-05T23:00:00.000Z" } },
  status: "in_flight",
  attempts: 0,
  nextAttemptAt: "2026-11-05T23:30:00.000Z",
  lastError: null,
  claimedBy: "boot",
  leaseUntil: null,
  deliveredAt: null,
  createdAt: "2026-11-05T23:00:00.000Z",
  updatedAt: "2026-11-05T23:30:00.000Z",
};

async function verdict(customerTimeZone: string | null) {
  const store = new MemoryStore();
  await store.applyProjection({ ...emptyProjectionWrite(), journeys: [journey({ customerTimeZone })] });
  const guard = createSendGuard({ store, settingsFor: () => settings, channel: "notify.customer" });
  return guard.check(action, new Date("2026-11-05T23:30:00.000Z")); // 23:30 in London, 15:30 in Los Angeles
}

describe("the send check's quiet hours", () => {
  it("lets an SMS-capable message go in the customer's afternoon, though it is the shop's night", async () => {
    expect(await verdict("America/Los_Angeles")).toMatchObject({ action: "send" });
  });

  it("holds it in the shop's night when the order names no zone", async () => {
    expect(await verdict(null)).toMatchObject({ action: "defer", reason: expect.stringMatching(/quiet hours \(21:00–08:00 Europe\/London\)/) });
  });
});
