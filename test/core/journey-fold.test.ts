import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../src/core/event.js";
import { Journey } from "../../src/core/journey.js";
import { foldJourney } from "../../src/core/journey-fold.js";
import { projectJourney } from "../../src/core/journey-project.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import {
  checkpoint,
  FULFILLMENT_ID,
  fulfillment,
  fulfillmentEvent,
  ORDER_ID,
  order,
  prng,
  SHOP,
  shuffle,
  stored,
  TRACKING,
  tracking,
} from "./builders.js";

const settings = defaultShopSettings;
const fold = (events: StoredEvent[]) => foldJourney(SHOP, ORDER_ID, events, settings);

const scans = {
  label: checkpoint("2026-11-03T09:30:00.000Z", "InfoReceived", "InfoReceived_001"),
  pickup: checkpoint("2026-11-03T20:00:00.000Z", "InTransit", "InTransit_002", "Acceptance scan"),
  hub: checkpoint("2026-11-04T08:00:00.000Z", "InTransit", "InTransit_003", "Arrival scan"),
  departed: checkpoint("2026-11-04T12:00:00.000Z", "InTransit", "InTransit_007", "Departure Scan"),
  destination: checkpoint("2026-11-05T06:00:00.000Z", "InTransit", "InTransit_003", "Arrival scan"),
  out: checkpoint("2026-11-06T07:00:00.000Z", "OutForDelivery", "OutForDelivery_001"),
  delivered: checkpoint("2026-11-06T15:00:00.000Z", "Delivered", "Delivered_001"),
};

/** A realistic order in arrival order, with a duplicate, a late scan and a stale order update. */
function realisticEvents(): StoredEvent[] {
  return [
    stored(order(), { topic: "orders/create" }),
    stored(fulfillment(), { topic: "fulfillments/create" }),
    stored(order({ updatedAt: "2026-11-03T09:00:05.000Z", fulfillmentStatus: "fulfilled" }), { topic: "orders/updated" }),
    stored(tracking([scans.label], { estimatedDeliveryAt: "2026-11-09T00:00:00.000Z" })),
    stored(tracking([scans.label, scans.pickup], { estimatedDeliveryAt: "2026-11-09T00:00:00.000Z" })),
    stored(tracking([scans.label, scans.pickup, scans.hub], { estimatedDeliveryAt: "2026-11-10T00:00:00.000Z" })),
    // Shopify relays the same hub scan: same (at, tag, subtag, message) → one checkpoint.
    stored(fulfillmentEvent(scans.hub), { topic: "fulfillment_events/create" }),
    stored(tracking([scans.label, scans.pickup, scans.hub, scans.destination], { estimatedDeliveryAt: "2026-11-10T00:00:00.000Z" })),
    stored(tracking([scans.out], { estimatedDeliveryAt: "2026-11-06T00:00:00.000Z" })),
    stored(tracking([scans.delivered])),
    // Arrives after delivery, describes an older scan.
    stored(tracking([scans.departed])),
    // A stale orders/paid copy: older updated_at, no fulfillment status.
    stored(order({ updatedAt: "2026-11-02T14:05:00.000Z", fulfillmentStatus: null, financialStatus: "pending" }), { topic: "orders/paid" }),
  ];
}

describe("foldJourney on a realistic order", () => {
  const journey = fold(realisticEvents());
  const shipment = journey.shipments[0]!;

  it("satisfies the Journey schema", () => {
    expect(Journey.parse(journey)).toEqual(journey);
  });

  it("takes the order from its newest updated_at", () => {
    expect(journey.orderGid).toBe(`gid://shopify/Order/${ORDER_ID}`);
    expect(journey.name).toBe("#1001");
    expect(journey.updatedAt).toBe("2026-11-03T09:00:05.000Z");
    expect(journey.fulfillmentStatus).toBe("fulfilled");
    expect(journey.financialStatus).toBe("paid");
    expect(journey.promisedBy).toBe("2026-11-11T23:59:59.999Z"); // Mon + 2 processing + 5 transit business days
  });

  it("takes the customer's time zone from where the newest order copy ships; none without an address", () => {
    expect(journey.customerTimeZone).toBeNull(); // the builder's order names no address
    const shipsWest = [...realisticEvents(), stored(order({ updatedAt: "2026-11-04T10:00:00.000Z", shipTo: { countryCode: "US", provinceCode: "WA" } }), { topic: "orders/updated" })];
    expect(fold(shipsWest).customerTimeZone).toBe("America/Los_Angeles");
  });

  it("builds one shipment keyed by tracking number with merged, de-duplicated checkpoints", () => {
    expect(journey.shipments).toHaveLength(1);
    expect(shipment.key).toBe(TRACKING);
    expect(shipment.fulfillmentId).toBe(FULFILLMENT_ID);
    expect(shipment.checkpoints.map((c) => c.at)).toEqual([
      scans.label.at,
      scans.pickup.at,
      scans.hub.at,
      scans.departed.at,
      scans.destination.at,
      scans.out.at,
      scans.delivered.at,
    ]);
  });

  it("is Delivered, with scan times and carrier estimates by source time", () => {
    expect(shipment.tag).toBe("Delivered");
    expect(shipment.subtag).toBe("Delivered_001");
    expect(shipment.shippedAt).toBe("2026-11-03T09:00:00.000Z");
    expect(shipment.firstScanAt).toBe(scans.pickup.at);
    expect(shipment.lastScanAt).toBe(scans.delivered.at);
    expect(shipment.deliveredAt).toBe(scans.delivered.at);
    expect(shipment.firstCarrierEstimate).toBe("2026-11-09T00:00:00.000Z");
    expect(shipment.carrierEstimate).toBe("2026-11-06T00:00:00.000Z");
    expect(shipment.expectedDelivery).toBe(journey.promisedBy);
    expect(shipment.expectedDeliverySource).toBe("merchant_promise");
  });

  it("counts events and takes asOf from the newest source time", () => {
    expect(journey.eventCount).toBe(12);
    expect(journey.asOf).toBe(scans.delivered.at);
  });

  it("folds any of 200 shuffles to the same journey (signals included)", () => {
    const events = realisticEvents();
    const inOrder = fold(events);
    const projected = projectJourney(SHOP, ORDER_ID, events, settings);
    const random = prng(1001);
    for (let i = 0; i < 200; i += 1) {
      const shuffled = shuffle(events, random);
      expect(fold(shuffled)).toEqual(inOrder);
      expect(projectJourney(SHOP, ORDER_ID, shuffled, settings)).toEqual(projected);
    }
  });

  it("is unchanged when the same stored event is folded twice", () => {
    const events = realisticEvents();
    expect(fold([...events, events[4]!, events[9]!])).toEqual(fold(events));
  });
});

describe("foldJourney: tracking before the order", () => {
  const early = [
    stored(tracking([scans.label])),
    stored(tracking([scans.label, scans.pickup], { estimatedDeliveryAt: "2026-11-12T00:00:00.000Z" })),
  ];

  it("builds a journey from tracking alone, expected by ship date + transit", () => {
    const journey = fold(early);
    expect(journey.createdAt).toBeNull();
    expect(journey.name).toBeNull();
    expect(journey.promisedBy).toBeNull();
    expect(journey.shipments).toHaveLength(1);
    const s = journey.shipments[0]!;
    expect(s.key).toBe(TRACKING);
    expect(s.fulfillmentId).toBeNull();
    expect(s.tag).toBe("InTransit");
    expect(s.carrier).toBe("ups");
    // First checkpoint Tue 3 Nov + 5 transit business days = Tue 10 Nov.
    expect(s.expectedDelivery).toBe("2026-11-10T23:59:59.999Z");
    expect(s.expectedDeliverySource).toBe("ship_date_plus_transit");
  });

  it("falls back to the carrier estimate with neither order nor ship date", () => {
    const journey = fold([stored(tracking([], { tag: "InfoReceived", estimatedDeliveryAt: "2026-11-12T00:00:00.000Z", updatedAt: "2026-11-03T10:00:00.000Z" }))]);
    expect(journey.shipments[0]!.expectedDelivery).toBe("2026-11-12T23:59:59.999Z");
    expect(journey.shipments[0]!.expectedDeliverySource).toBe("carrier_estimate");
  });

  it("fills in when the order and fulfillment arrive, into the same shipment", () => {
    const journey = fold([...early, stored(order()), stored(fulfillment())]);
    expect(journey.createdAt).toBe("2026-11-02T14:00:00.000Z");
    expect(journey.name).toBe("#1001");
    expect(journey.shipments).toHaveLength(1);
    const s = journey.shipments[0]!;
    expect(s.fulfillmentId).toBe(FULFILLMENT_ID);
    expect(s.carrier).toBe("UPS");
    expect(s.shippedAt).toBe("2026-11-03T09:00:00.000Z");
    expect(s.tag).toBe("InTransit");
    expect(s.expectedDeliverySource).toBe("merchant_promise");
    expect(s.expectedDelivery).toBe("2026-11-11T23:59:59.999Z");
  });
});

describe("foldJourney: status rules", () => {
  const base = [stored(order()), stored(fulfillment())];

  it("a fulfillment with tracking starts InfoReceived, without tracking Pending, else Shopify's shipment_status", () => {
    expect(fold(base).shipments[0]!.tag).toBe("InfoReceived");
    const untracked = fold([stored(order()), stored(fulfillment({ trackingNumbers: [], trackingUrl: null }))]);
    expect(untracked.shipments[0]!.key).toBe(`fulfillment:${FULFILLMENT_ID}`);
    expect(untracked.shipments[0]!.tag).toBe("Pending");
    const withStatus = fold([stored(order()), stored(fulfillment({ tag: "InTransit", updatedAt: "2026-11-04T10:00:00.000Z" }))]);
    expect(withStatus.shipments[0]!.tag).toBe("InTransit");
  });

  it("Delivered is not undone by an older in-transit scan arriving late", () => {
    const journey = fold([...base, stored(tracking([scans.delivered])), stored(tracking([scans.destination]))]);
    expect(journey.shipments[0]!.tag).toBe("Delivered");
    expect(journey.shipments[0]!.deliveredAt).toBe(scans.delivered.at);
  });

  it("Delivered is not undone by a newer summary or Shopify status without a newer scan", () => {
    const journey = fold([
      ...base,
      stored(tracking([scans.delivered])),
      stored(tracking([scans.destination], { tag: "InTransit", updatedAt: "2026-11-07T00:00:00.000Z" })),
      stored(fulfillment({ tag: "InTransit", updatedAt: "2026-11-07T01:00:00.000Z" })),
    ]);
    expect(journey.shipments[0]!.tag).toBe("Delivered");
  });

  it("a strictly newer scan wins over Delivered", () => {
    const returned = checkpoint("2026-11-07T10:00:00.000Z", "Exception", "Exception_010", "Returning to sender");
    const journey = fold([...base, stored(tracking([scans.delivered])), stored(tracking([returned]))]);
    const s = journey.shipments[0]!;
    expect(s.tag).toBe("Exception");
    expect(s.subtag).toBe("Exception_010");
    expect(s.deliveredAt).toBeNull();
  });

  it("takes the tracking update's own tag when its updatedAt is newest", () => {
    const journey = fold([
      ...base,
      stored(tracking([scans.pickup], { tag: "Exception", subtag: "Exception_005", subtagMessage: "Delayed (External factors)", updatedAt: "2026-11-05T00:00:00.000Z" })),
    ]);
    expect(journey.shipments[0]!.tag).toBe("Exception");
    expect(journey.shipments[0]!.subtag).toBe("Exception_005");
    expect(journey.shipments[0]!.subtagMessage).toBe("Delayed (External factors)");
  });

  it("matches Shopify fulfillment events by fulfillment id, even before the fulfillment arrives", () => {
    const journey = fold([
      stored(order()),
      stored(fulfillmentEvent(scans.pickup)),
      stored(fulfillment({ updatedAt: "2026-11-03T21:00:00.000Z" })),
    ]);
    expect(journey.shipments).toHaveLength(1);
    expect(journey.shipments[0]!.key).toBe(TRACKING);
    expect(journey.shipments[0]!.tag).toBe("InTransit");
  });

  it("re-keys a fulfillment when its tracking number is added later", () => {
    const journey = fold([
      stored(order()),
      stored(fulfillment({ trackingNumbers: [], trackingUrl: null })),
      stored(fulfillment({ updatedAt: "2026-11-03T12:00:00.000Z" })),
    ]);
    expect(journey.shipments.map((s) => s.key)).toEqual([TRACKING]);
  });

  it("drops a cancelled fulfillment and the carrier updates of its voided label", () => {
    const journey = fold([
      stored(order()),
      stored(fulfillment()),
      stored(tracking([scans.label])),
      stored(fulfillment({ status: "cancelled", updatedAt: "2026-11-03T12:00:00.000Z" })),
    ]);
    expect(journey.shipments).toEqual([]);
  });
});

describe("foldJourney: order updates never move backwards", () => {
  const cancelled = order({ updatedAt: "2026-11-03T08:00:00.000Z", cancelledAt: "2026-11-03T08:00:00.000Z", cancelReason: "customer" });

  it("a cancelled order stays cancelled against older and same-instant copies", () => {
    const older = order({ updatedAt: "2026-11-02T15:00:00.000Z" });
    const sameInstant = order({ updatedAt: "2026-11-03T08:00:00.000Z" });
    for (const events of [
      [stored(cancelled), stored(older)],
      [stored(older), stored(cancelled)],
      [stored(cancelled, { deliveryId: "a" }), stored(sameInstant, { deliveryId: "b" })],
      [stored(cancelled, { deliveryId: "b" }), stored(sameInstant, { deliveryId: "a" })],
    ]) {
      const journey = fold(events);
      expect(journey.cancelledAt).toBe("2026-11-03T08:00:00.000Z");
      expect(journey.cancelReason).toBe("customer");
    }
  });

  it("a later updated_at without cancellation wins", () => {
    const journey = fold([stored(cancelled), stored(order({ updatedAt: "2026-11-04T08:00:00.000Z" }))]);
    expect(journey.cancelledAt).toBeNull();
  });
});

describe("foldJourney: refunds, returns, disputes, timers", () => {
  it("collects them, with the return's status latest by source time", () => {
    const journey = fold([
      stored(order()),
      stored({ kind: "refund.created", orderId: ORDER_ID, refundId: "509562969", createdAt: "2026-11-08T10:00:00.000Z", amount: "41.94", currency: "USD", note: "wrong size" }),
      stored({ kind: "return.updated", orderId: ORDER_ID, returnId: "r1", status: "closed", topic: "returns/close", declineReason: null, lineItemCount: 1 }, { occurredAt: "2026-11-12T10:00:00.000Z" }),
      stored({ kind: "return.updated", orderId: ORDER_ID, returnId: "r1", status: "requested", topic: "returns/request", declineReason: null, lineItemCount: 1 }, { occurredAt: "2026-11-09T10:00:00.000Z" }),
      stored({ kind: "dispute.created", orderId: ORDER_ID, disputeId: "d1", type: "chargeback", reason: "fraudulent", amount: "199.00", currency: "USD", status: "needs_response", initiatedAt: "2026-11-20T00:00:00.000Z" }),
      stored({ kind: "timer.fired", orderId: ORDER_ID, timer: "edd_missed:x", dueAt: "2026-11-25T00:00:00.000Z" }),
    ]);
    expect(journey.refunds).toEqual([{ id: "509562969", at: "2026-11-08T10:00:00.000Z", amount: "41.94", note: "wrong size" }]);
    expect(journey.returns).toEqual([{ id: "r1", status: "closed", declineReason: null }]);
    expect(journey.disputes).toEqual([{ id: "d1", type: "chargeback", reason: "fraudulent", status: "needs_response", amount: "199.00" }]);
    expect(journey.asOf).toBe("2026-11-25T00:00:00.000Z"); // the timer's due time counts
    expect(journey.eventCount).toBe(6);
  });
});
