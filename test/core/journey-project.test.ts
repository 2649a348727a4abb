import { describe, expect, it } from "vitest";
import type { Signal } from "../../src/core/journey.js";
import { projectJourney, signalDiff } from "../../src/core/journey-project.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { checkpoint, fulfillment, ORDER_ID, order, SHOP, stored, TRACKING, tracking } from "./builders.js";

const settings = defaultShopSettings;

function signal(name: Signal["name"], shipmentKey: string | null, facts: Signal["facts"] = {}): Signal {
  return { name, shipmentKey, since: "2026-11-05T00:00:00.000Z", detail: name, facts };
}

describe("projectJourney", () => {
  it("computes signals as of the journey's own latest event", () => {
    const label = checkpoint("2026-11-03T09:30:00.000Z", "InfoReceived", "InfoReceived_001");
    const early = projectJourney(SHOP, ORDER_ID, [stored(order()), stored(fulfillment()), stored(tracking([label]))], settings);
    expect(early.signals).toEqual([]);
    const delay = checkpoint("2026-11-04T10:00:00.000Z", "Exception", "Exception_005", "Delayed (External factors)");
    const later = projectJourney(SHOP, ORDER_ID, [stored(order()), stored(fulfillment()), stored(tracking([label, delay]))], settings);
    expect(later.asOf).toBe(delay.at);
    expect(later.signals.map((s) => [s.name, s.shipmentKey])).toEqual([["carrier_delay", TRACKING]]);
  });
});

describe("signalDiff", () => {
  it("reports raised and cleared signals keyed by name and shipment", () => {
    const before = [signal("transit_stalled", "A"), signal("carrier_delay", "A"), signal("fulfillment_stalled", null)];
    const after = [signal("transit_stalled", "A"), signal("transit_stalled", "B"), signal("edd_missed", "A")];
    const diff = signalDiff(before, after);
    expect(diff.raised.map((s) => [s.name, s.shipmentKey])).toEqual([["transit_stalled", "B"], ["edd_missed", "A"]]);
    expect(diff.cleared.map((s) => [s.name, s.shipmentKey])).toEqual([["carrier_delay", "A"], ["fulfillment_stalled", null]]);
  });

  it("re-raises edd_revised only when the estimate slipped later again", () => {
    const first = signal("edd_revised", "A", { previous: "2026-11-09T00:00:00.000Z", current: "2026-11-10T00:00:00.000Z" });
    const same = signal("edd_revised", "A", { previous: "2026-11-09T00:00:00.000Z", current: "2026-11-10T00:00:00.000Z" });
    const slipped = signal("edd_revised", "A", { previous: "2026-11-09T00:00:00.000Z", current: "2026-11-12T00:00:00.000Z" });
    const earlier = signal("edd_revised", "A", { previous: "2026-11-09T00:00:00.000Z", current: "2026-11-09T12:00:00.000Z" });
    expect(signalDiff([first], [same]).raised).toEqual([]);
    expect(signalDiff([first], [slipped]).raised).toEqual([slipped]);
    expect(signalDiff([first], [earlier]).raised).toEqual([]);
    expect(signalDiff([first], [slipped]).cleared).toEqual([]);
  });

  it("re-raises end to end when a second carrier update slips the estimate again", () => {
    const label = checkpoint("2026-11-03T09:30:00.000Z", "InfoReceived", "InfoReceived_001");
    const base = [stored(order()), stored(fulfillment()), stored(tracking([label], { estimatedDeliveryAt: "2026-11-09T00:00:00.000Z" }))];
    const slip1 = stored(tracking([label], { estimatedDeliveryAt: "2026-11-10T00:00:00.000Z", updatedAt: "2026-11-04T00:00:00.000Z" }));
    const slip2 = stored(tracking([label], { estimatedDeliveryAt: "2026-11-13T00:00:00.000Z", updatedAt: "2026-11-05T00:00:00.000Z" }));
    const j0 = projectJourney(SHOP, ORDER_ID, base, settings);
    const j1 = projectJourney(SHOP, ORDER_ID, [...base, slip1], settings);
    const j2 = projectJourney(SHOP, ORDER_ID, [...base, slip1, slip2], settings);
    expect(signalDiff(j0.signals, j1.signals).raised.map((s) => s.name)).toEqual(["edd_revised"]);
    const second = signalDiff(j1.signals, j2.signals).raised;
    expect(second.map((s) => [s.name, s.facts["current"], s.facts["basis"]])).toEqual([["edd_revised", "2026-11-13T00:00:00.000Z", "later_than_promise"]]);
  });
});
