import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../src/core/event.js";
import { Signal, type SignalName } from "../../src/core/journey.js";
import { foldJourney } from "../../src/core/journey-fold.js";
import { ShopSettings, defaultShopSettings } from "../../src/core/settings.js";
import { computeSignals } from "../../src/core/signals.js";
import type { ShipmentTag } from "../../src/core/shipment-status.js";
import { checkpoint, fulfillment, ORDER_ID, order, SHOP, shift, stored, TRACKING, tracking } from "./builders.js";

const settings = defaultShopSettings; // UTC, Sat/Sun closed, 2 + 5 days promise, thresholds 3/2/4/24 h

function signalsAt(events: StoredEvent[], asOf: string, s: ShopSettings = settings) {
  return computeSignals(foldJourney(SHOP, ORDER_ID, events, s), s, asOf);
}
function find(events: StoredEvent[], asOf: string, name: SignalName, s: ShopSettings = settings) {
  return signalsAt(events, asOf, s).find((signal) => signal.name === name);
}

const placed = stored(order()); // Mon 2 Nov 14:00 UTC
const shipped = stored(fulfillment()); // Tue 3 Nov 09:00
const label = checkpoint("2026-11-03T09:30:00.000Z", "InfoReceived", "InfoReceived_001");
const pickup = checkpoint("2026-11-03T20:00:00.000Z", "InTransit", "InTransit_002");
const hub = checkpoint("2026-11-04T08:00:00.000Z", "InTransit", "InTransit_003"); // Wed
const delivered = checkpoint("2026-11-06T15:00:00.000Z", "Delivered", "Delivered_001");
const PROMISE = "2026-11-11T23:59:59.999Z"; // Mon + 7 business days

describe("fulfillment_stalled", () => {
  const due = "2026-11-05T23:59:59.999Z"; // Thursday: 3 business days after Monday

  it("is raised once 3 business days have passed, not at 2", () => {
    expect(find([placed], "2026-11-04T23:59:59.999Z", "fulfillment_stalled")).toBeUndefined();
    expect(find([placed], shift(due, -1), "fulfillment_stalled")).toBeUndefined();
    const signal = find([placed], due, "fulfillment_stalled");
    expect(signal).toMatchObject({ shipmentKey: null, since: due, facts: { businessDaysElapsed: 3, thresholdDays: 3 } });
    expect(signal!.detail).toContain("#1001");
    expect(signal!.detail).toContain("3 business days (threshold 3)");
  });

  it("follows the configured threshold", () => {
    const strict = ShopSettings.parse({ signals: { fulfillmentStalledDays: 1 } });
    expect(find([placed], "2026-11-03T23:59:59.998Z", "fulfillment_stalled", strict)).toBeUndefined();
    expect(find([placed], "2026-11-03T23:59:59.999Z", "fulfillment_stalled", strict)).toBeDefined();
  });

  it("is not raised for a cancelled, shipped or fulfilled-elsewhere order", () => {
    const late = "2026-11-20T00:00:00.000Z";
    const cancelled = stored(order({ updatedAt: "2026-11-02T15:00:00.000Z", cancelledAt: "2026-11-02T15:00:00.000Z", cancelReason: "customer" }));
    expect(find([placed, cancelled], late, "fulfillment_stalled")).toBeUndefined();
    expect(find([placed, shipped], late, "fulfillment_stalled")).toBeUndefined();
    const fulfilled = stored(order({ updatedAt: "2026-11-03T09:00:00.000Z", fulfillmentStatus: "fulfilled" }));
    expect(find([placed, fulfilled], late, "fulfillment_stalled")).toBeUndefined();
  });
});

describe("pickup_stalled", () => {
  const events = [placed, shipped, stored(tracking([label]))];
  const due = "2026-11-05T23:59:59.999Z"; // Tue 09:00 + 2 business days

  it("is raised 2 business days after the label with no carrier scan, not at 1", () => {
    expect(find(events, "2026-11-04T23:59:59.999Z", "pickup_stalled")).toBeUndefined();
    expect(find(events, shift(due, -1), "pickup_stalled")).toBeUndefined();
    expect(find(events, due, "pickup_stalled")).toMatchObject({
      shipmentKey: TRACKING,
      since: due,
      facts: { shippedAt: "2026-11-03T09:00:00.000Z", businessDaysElapsed: 2, thresholdDays: 2 },
    });
  });

  it("is not raised once the carrier scanned the parcel", () => {
    expect(find([...events, stored(tracking([label, pickup]))], "2026-11-06T12:00:00.000Z", "pickup_stalled")).toBeUndefined();
  });
});

describe("transit_stalled", () => {
  const events = [placed, shipped, stored(tracking([label, pickup, hub]))];
  const due = "2026-11-10T23:59:59.999Z"; // Wed + Thu, Fri, Mon, Tue

  it("is raised after 4 business days without a scan, counting over the weekend, not at 3", () => {
    expect(find(events, "2026-11-09T23:59:59.999Z", "transit_stalled")).toBeUndefined();
    expect(find(events, shift(due, -1), "transit_stalled")).toBeUndefined();
    const signal = find(events, due, "transit_stalled");
    expect(signal).toMatchObject({ shipmentKey: TRACKING, since: due, facts: { lastScanAt: hub.at, businessDaysElapsed: 4, thresholdDays: 4 } });
    expect(signal!.detail).toContain("no carrier scan since 2026-11-04");
  });

  it("is not raised for a delivered shipment", () => {
    expect(find([...events, stored(tracking([delivered]))], "2026-11-30T00:00:00.000Z", "transit_stalled")).toBeUndefined();
  });
});

describe("edd_missed", () => {
  const events = [placed, shipped, stored(tracking([label, pickup, hub]))];

  it("is raised only after the promised day has ended", () => {
    expect(find(events, PROMISE, "edd_missed")).toBeUndefined();
    const signal = find(events, shift(PROMISE, 1), "edd_missed");
    expect(signal).toMatchObject({ shipmentKey: TRACKING, since: shift(PROMISE, 1), facts: { expectedDelivery: PROMISE, source: "merchant_promise" } });
    expect(signal!.detail).toContain("2026-11-11");
  });

  it("is not raised when delivered, or waiting at a pickup point", () => {
    expect(find([...events, stored(tracking([delivered]))], "2026-11-30T00:00:00.000Z", "edd_missed")).toBeUndefined();
    const atPickup = checkpoint("2026-11-10T09:00:00.000Z", "AvailableForPickup", "AvailableForPickup_001");
    expect(find([...events, stored(tracking([atPickup]))], "2026-11-30T00:00:00.000Z", "edd_missed")).toBeUndefined();
  });

  it("is not raised for an untracked shipment nobody can observe", () => {
    const untracked = [placed, stored(fulfillment({ trackingNumbers: [], trackingUrl: null }))];
    expect(find(untracked, "2026-11-30T00:00:00.000Z", "edd_missed")).toBeUndefined();
  });
});

describe("edd_revised", () => {
  const withEstimates = (first: string, current: string) => [
    placed,
    shipped,
    stored(tracking([label, pickup], { estimatedDeliveryAt: first })),
    stored(tracking([label, pickup, hub], { estimatedDeliveryAt: current })),
  ];
  const asOf = "2026-11-04T09:00:00.000Z";

  it("is raised when the carrier estimate moves later by the threshold, not by an hour less", () => {
    expect(find(withEstimates("2026-11-09T00:00:00.000Z", "2026-11-09T23:00:00.000Z"), asOf, "edd_revised")).toBeUndefined();
    const signal = find(withEstimates("2026-11-09T00:00:00.000Z", "2026-11-10T00:00:00.000Z"), asOf, "edd_revised");
    expect(signal).toMatchObject({
      shipmentKey: TRACKING,
      facts: { previous: "2026-11-09T00:00:00.000Z", current: "2026-11-10T00:00:00.000Z", basis: "carrier_estimate_moved", hoursLater: 24, thresholdHours: 24 },
    });
    expect(signal!.detail).toContain("from 2026-11-09 to 2026-11-10");
  });

  it("is not raised when the estimate moves earlier", () => {
    expect(find(withEstimates("2026-11-10T00:00:00.000Z", "2026-11-09T00:00:00.000Z"), asOf, "edd_revised")).toBeUndefined();
  });

  it("is raised when the carrier estimate falls after the promised day, not on it", () => {
    expect(find(withEstimates("2026-11-11T00:00:00.000Z", "2026-11-11T00:00:00.000Z"), asOf, "edd_revised")).toBeUndefined();
    expect(find(withEstimates("2026-11-12T00:00:00.000Z", "2026-11-12T00:00:00.000Z"), asOf, "edd_revised")).toMatchObject({
      facts: { previous: PROMISE, current: "2026-11-12T00:00:00.000Z", basis: "later_than_promise", promisedBy: PROMISE },
    });
  });

  it("is not raised once delivered", () => {
    const events = [...withEstimates("2026-11-09T00:00:00.000Z", "2026-11-13T00:00:00.000Z"), stored(tracking([delivered]))];
    expect(find(events, "2026-11-07T00:00:00.000Z", "edd_revised")).toBeUndefined();
  });
});

describe("carrier_delay and delivery_exception", () => {
  const at = "2026-11-05T10:00:00.000Z";
  const withScan = (tag: ShipmentTag, subtag: string | null) => [placed, shipped, stored(tracking([label, pickup, checkpoint(at, tag, subtag)]))];
  const asOf = "2026-11-05T12:00:00.000Z";

  it.each([
    ["Exception", "Exception_005"],
    ["Exception", "Exception_004"],
    ["Exception", "Exception_017"],
    ["InTransit", "Exception_016"],
  ] as const)("%s %s is a carrier delay, not a delivery exception", (tag, subtag) => {
    const signals = signalsAt(withScan(tag, subtag), asOf);
    expect(signals.find((s) => s.name === "carrier_delay")).toMatchObject({ shipmentKey: TRACKING, since: at, facts: { subtag } });
    expect(signals.find((s) => s.name === "delivery_exception")).toBeUndefined();
  });

  it.each([
    ["Exception", "Exception_013", "lost"],
    ["Exception", "Exception_012", "damaged"],
    ["Exception", "Exception_010", "returned_to_sender"],
    ["Exception", "Exception_011", "returned_to_sender"],
    ["Exception", "Exception_007", "address_problem"],
    ["Exception", "Exception_003", "other"], // refused
    ["Exception", null, "other"],
    ["AttemptFail", "AttemptFail_002", "failed_attempt"],
    ["Expired", "Expired_001", "other"],
  ] as const)("%s %s is a delivery exception of kind %s", (tag, subtag, kind) => {
    const signals = signalsAt(withScan(tag, subtag), asOf);
    expect(signals.find((s) => s.name === "delivery_exception")).toMatchObject({ shipmentKey: TRACKING, since: at, facts: { kind, tag, subtag } });
    expect(signals.find((s) => s.name === "carrier_delay")).toBeUndefined();
  });

  it.each([
    ["InTransit", "InTransit_009"], // forwarded, not delayed
    ["OutForDelivery", "OutForDelivery_001"],
    ["Delivered", "Delivered_001"],
  ] as const)("%s %s raises neither", (tag, subtag) => {
    const names = signalsAt(withScan(tag, subtag), asOf).map((s) => s.name);
    expect(names).not.toContain("carrier_delay");
    expect(names).not.toContain("delivery_exception");
  });

  it("dates a repeated exception from the first scan of the run", () => {
    const first = checkpoint("2026-11-05T10:00:00.000Z", "AttemptFail", "AttemptFail_001");
    const second = checkpoint("2026-11-06T10:00:00.000Z", "AttemptFail", "AttemptFail_002");
    const signal = signalsAt([placed, shipped, stored(tracking([label, pickup, first, second]))], "2026-11-06T12:00:00.000Z").find(
      (s) => s.name === "delivery_exception",
    );
    expect(signal?.since).toBe(first.at);
  });

  it("clears when a newer scan shows the parcel moving again", () => {
    const moving = checkpoint("2026-11-06T10:00:00.000Z", "InTransit", "InTransit_003");
    const events = [...withScan("Exception", "Exception_005"), stored(tracking([moving]))];
    expect(signalsAt(events, "2026-11-06T12:00:00.000Z").map((s) => s.name)).not.toContain("carrier_delay");
  });
});

describe("computeSignals", () => {
  it("is pure: same input, same output, and the journey is not mutated", () => {
    const journey = foldJourney(SHOP, ORDER_ID, [placed, shipped, stored(tracking([label, pickup, hub]))], settings);
    const snapshot = structuredClone(journey);
    const a = computeSignals(journey, settings, "2026-11-20T00:00:00.000Z");
    const b = computeSignals(journey, settings, "2026-11-20T00:00:00.000Z");
    expect(a).toEqual(b);
    expect(journey).toEqual(snapshot);
    expect(a.map((s) => s.name)).toEqual(["transit_stalled", "edd_missed"]);
    for (const s of a) expect(Signal.parse(s)).toEqual(s);
  });
});
