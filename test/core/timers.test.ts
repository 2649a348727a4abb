import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../src/core/event.js";
import { projectJourney } from "../../src/core/journey-project.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { plannedTimers } from "../../src/core/timers.js";
import { checkpoint, fulfillment, ORDER_ID, order, SHOP, stored, timerFired, TRACKING, tracking } from "./builders.js";

const settings = defaultShopSettings;
const project = (events: StoredEvent[]) => projectJourney(SHOP, ORDER_ID, events, settings);
const timers = (events: StoredEvent[]) => plannedTimers(project(events), settings);

const placed = stored(order()); // Mon 2 Nov 14:00 UTC
const shipped = stored(fulfillment()); // Tue 3 Nov 09:00
const label = checkpoint("2026-11-03T09:30:00.000Z", "InfoReceived", "InfoReceived_001");
const pickup = checkpoint("2026-11-03T20:00:00.000Z", "InTransit", "InTransit_002");
const hub = checkpoint("2026-11-04T08:00:00.000Z", "InTransit", "InTransit_003");
const delivered = checkpoint("2026-11-06T15:00:00.000Z", "Delivered", "Delivered_001");
const PROMISE = "2026-11-11T23:59:59.999Z";

describe("plannedTimers", () => {
  it("plans fulfillment_stalled for an order with no shipment", () => {
    expect(timers([placed])).toEqual([{ shop: SHOP, orderId: ORDER_ID, name: "fulfillment_stalled:order", dueAt: "2026-11-05T23:59:59.999Z" }]);
  });

  it("plans pickup_stalled and edd_missed once a label exists", () => {
    expect(timers([placed, shipped, stored(tracking([label]))])).toEqual([
      { shop: SHOP, orderId: ORDER_ID, name: `pickup_stalled:${TRACKING}`, dueAt: "2026-11-05T23:59:59.999Z" },
      { shop: SHOP, orderId: ORDER_ID, name: `edd_missed:${TRACKING}`, dueAt: "2026-11-12T00:00:00.000Z" },
    ]);
  });

  it("moves transit_stalled with every new scan", () => {
    expect(timers([placed, shipped, stored(tracking([label, pickup]))]).find((t) => t.name.startsWith("transit_stalled"))?.dueAt).toBe(
      "2026-11-09T23:59:59.999Z", // Tue 20:00 + Wed, Thu, Fri, Mon
    );
    expect(timers([placed, shipped, stored(tracking([label, pickup, hub]))]).map((t) => [t.name, t.dueAt])).toEqual([
      [`transit_stalled:${TRACKING}`, "2026-11-10T23:59:59.999Z"],
      [`edd_missed:${TRACKING}`, "2026-11-12T00:00:00.000Z"],
    ]);
  });

  it("plans nothing after delivery", () => {
    expect(timers([placed, shipped, stored(tracking([label, pickup, hub])), stored(tracking([delivered]))])).toEqual([]);
  });

  it("plans nothing for a cancelled order", () => {
    const cancelled = stored(order({ updatedAt: "2026-11-02T15:00:00.000Z", cancelledAt: "2026-11-02T15:00:00.000Z", cancelReason: "customer" }));
    expect(timers([placed, cancelled])).toEqual([]);
    expect(timers([placed, shipped, stored(tracking([label, pickup])), cancelled])).toEqual([]);
  });

  it("a fired timer raises its signal at exactly its due time, and is not planned again", () => {
    const events = [placed, shipped, stored(tracking([label, pickup, hub]))];
    for (const timer of timers(events)) {
      const after = project([...events, stored(timerFired(timer.name, timer.dueAt))]);
      expect(after.asOf).toBe(timer.dueAt);
      const [name, key] = timer.name.split(":");
      expect(after.signals.find((s) => s.name === name && s.shipmentKey === key)?.since).toBe(timer.dueAt);
      expect(plannedTimers(after, settings).map((t) => t.name)).not.toContain(timer.name);
    }
  });

  it("edd_missed is due one millisecond after the promised day ends", () => {
    const journey = project([placed, shipped, stored(tracking([label, pickup]))]);
    expect(journey.shipments[0]!.expectedDelivery).toBe(PROMISE);
    expect(plannedTimers(journey, settings).find((t) => t.name.startsWith("edd_missed"))?.dueAt).toBe("2026-11-12T00:00:00.000Z");
  });
});
