import { describe, expect, it } from "vitest";
import { normalizeShippo, orderRefFromMetadata, shippoDeliveryId } from "../../src/connectors/shippo/normalize.js";
import { mapShippoStatus, SHIPPO_STATUS, SHIPPO_SUBSTATUS } from "../../src/connectors/shippo/status-map.js";
import { verifyShippoToken } from "../../src/connectors/shippo/verify.js";
import { NewEvent } from "../../src/core/event.js";
import { tagOfSubtag } from "../../src/core/shipment-status.js";
import { shippoWebhook } from "./envelopes.js";
import { fixtureJson } from "./fixtures.js";
import type { VendorBody } from "./fixtures.js";

const delivered = fixtureJson("carriers/shippo/track__usps_9205590164917337534322__delivered.json") as VendorBody;
const unknownTrack = fixtureJson("carriers/shippo/track_create__null_tracking_status.json") as VendorBody;

function normalized(body: unknown, receivedAt?: string): NewEvent {
  const r = normalizeShippo({ shop: "s.myshopify.com", body, ...(receivedAt ? { receivedAt } : {}) });
  if (!r.ok) throw new Error(r.message);
  return NewEvent.parse(r.event);
}

describe("verifyShippoToken", () => {
  it("matches any configured token, in constant time", () => {
    expect(verifyShippoToken("tok-2", ["tok-1", "tok-2"])).toEqual({ ok: true, tokenIndex: 1 });
    expect(verifyShippoToken("tok-3", ["tok-1", "tok-2"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyShippoToken("tok-1x", ["tok-1"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyShippoToken(undefined, ["tok-1"])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyShippoToken("", [""])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyShippoToken("x", [""])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });
});

describe("normalizeShippo (fixtures wrapped in the documented envelope)", () => {
  it("a delivered USPS track", () => {
    const e = normalized(shippoWebhook(delivered));
    expect(e).toMatchObject({ source: "shippo", topic: "track_updated", occurredAt: "2016-12-09T01:40:17.515Z", trackingKey: "9205590164917337534322", orderKey: null });
    expect(e.deliveryId).toBe(shippoDeliveryId("9205590164917337534322", "63f2422c8f694d72adaf7d7fbf87706a", "2016-12-08T15:19:00Z"));
    expect(e.deliveryId).toMatch(/^shippo:[0-9a-f]{64}$/);
    expect(e.payload).toMatchObject({
      kind: "tracking.updated",
      provider: "shippo",
      carrier: "usps",
      trackingNumber: "9205590164917337534322",
      tag: "Delivered",
      subtag: "Delivered_001",
      subtagMessage: "Delivered",
      estimatedDeliveryAt: "2016-12-08T00:00:00.000Z",
      orderRef: null, // metadata is the literal word "metadata"
    });
    if (e.payload.kind !== "tracking.updated") throw new Error("kind");
    expect(e.payload.checkpoints.map((c) => c.tag)).toEqual(["Pending", "Pending", ...Array(8).fill("InTransit"), "Delivered"]);
    expect(e.payload.checkpoints[2]).toEqual({ at: "2016-12-07T19:04:00.000Z", tag: "InTransit", subtag: "InTransit_001", message: "Your shipment has been accepted at the USPS origin facility.", location: "San Francisco, CA, 94103, US" });
  });

  it("a resend of the same update dedupes; a new status does not", () => {
    const a = normalized(shippoWebhook(delivered));
    const b = normalized(shippoWebhook(structuredClone(delivered)));
    expect(b.deliveryId).toBe(a.deliveryId);
    const next = structuredClone(delivered);
    next.tracking_status.object_id = "another-status-object";
    expect(normalized(shippoWebhook(next)).deliveryId).not.toBe(a.deliveryId);
  });

  it("substatus codes refine the tag (Shippo has no out-for-delivery status of its own)", () => {
    const ofd = structuredClone(delivered);
    ofd.tracking_status = { ...ofd.tracking_status, status: "TRANSIT", substatus: { code: "out_for_delivery", text: "Out for delivery", action_required: false } };
    expect(normalized(shippoWebhook(ofd)).payload).toMatchObject({ tag: "OutForDelivery", subtag: "OutForDelivery_001" });
  });

  it("a track unknown to the carrier yet is Pending, dated by receivedAt", () => {
    const e = normalized(shippoWebhook(unknownTrack), "2026-07-01T10:00:00.000Z");
    expect(e.occurredAt).toBe("2026-07-01T10:00:00.000Z");
    expect(e.payload).toMatchObject({ tag: "Pending", subtag: "Pending_001", checkpoints: [], estimatedDeliveryAt: null });
    expect(normalizeShippo({ shop: "s", body: shippoWebhook(unknownTrack) })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
  });

  it("other Shippo events are stored as ignored", () => {
    const e = normalized({ event: "transaction_created", test: true, data: { object_id: "abc" } }, "2026-07-01T10:00:00.000Z");
    expect(e.payload).toEqual({ kind: "ignored", topic: "transaction_created" });
  });

  it("names the field when the track is malformed", () => {
    expect(normalizeShippo({ shop: "s", body: shippoWebhook({ ...delivered, tracking_history: "x" }) })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("data: tracking_history") });
    expect(normalizeShippo({ shop: "s", body: shippoWebhook({ ...delivered, tracking_number: "" }) })).toMatchObject({ ok: false, message: expect.stringContaining("tracking_number") });
  });
});

describe("orderRefFromMetadata", () => {
  it.each([
    ["Order #1001", "#1001"],
    ["#1001", "#1001"],
    ["order: 1001", "#1001"],
    ["820982911946154508", "820982911946154508"],
    ["gid://shopify/Order/820982911946154508", "820982911946154508"],
    ["metadata", null],
    ["", null],
    ["gift for mum", null],
  ])("%j → %j", (metadata, expected) => {
    expect(orderRefFromMetadata(metadata)).toBe(expected);
  });
});

describe("Shippo status map", () => {
  const STATUS: Array<[string, string, string]> = [
    ["UNKNOWN", "Pending", "Pending_001"],
    ["PRE_TRANSIT", "InfoReceived", "InfoReceived_001"],
    ["TRANSIT", "InTransit", "InTransit_001"],
    ["DELIVERED", "Delivered", "Delivered_001"],
    ["RETURNED", "Exception", "Exception_010"],
    ["FAILURE", "Exception", "Exception_001"],
  ];
  it.each(STATUS)("%s → %s / %s", (status, tag, subtag) => {
    expect(mapShippoStatus(status, null)).toEqual({ tag, subtag });
  });

  // [substatus code, the status it comes with, expected tag, expected subtag]
  const SUBSTATUS: Array<[string, string, string, string]> = [
    ["information_received", "PRE_TRANSIT", "InfoReceived", "InfoReceived_001"],
    ["address_issue", "TRANSIT", "Exception", "Exception_007"],
    ["contact_carrier", "TRANSIT", "Exception", "Exception_001"],
    ["delayed", "TRANSIT", "Exception", "Exception_005"],
    ["delivery_attempted", "TRANSIT", "AttemptFail", "AttemptFail_001"],
    ["delivery_rescheduled", "TRANSIT", "InTransit", "InTransit_001"],
    ["delivery_scheduled", "TRANSIT", "OutForDelivery", "OutForDelivery_004"],
    ["location_inaccessible", "TRANSIT", "AttemptFail", "AttemptFail_001"],
    ["notice_left", "TRANSIT", "AttemptFail", "AttemptFail_001"],
    ["out_for_delivery", "TRANSIT", "OutForDelivery", "OutForDelivery_001"],
    ["package_accepted", "TRANSIT", "InTransit", "InTransit_002"],
    ["package_arrived", "TRANSIT", "InTransit", "InTransit_003"],
    ["package_damaged", "TRANSIT", "Exception", "Exception_012"],
    ["package_departed", "TRANSIT", "InTransit", "InTransit_007"],
    ["package_disposed", "FAILURE", "Exception", "Exception_021"],
    ["package_forwarded", "TRANSIT", "InTransit", "InTransit_009"],
    ["package_held", "TRANSIT", "Exception", "Exception_001"],
    ["package_lost", "FAILURE", "Exception", "Exception_013"],
    ["package_processed", "TRANSIT", "InTransit", "InTransit_001"],
    ["package_processing", "TRANSIT", "InTransit", "InTransit_001"],
    ["package_unclaimed", "FAILURE", "Exception", "Exception_008"],
    ["package_undeliverable", "FAILURE", "Exception", "Exception_001"],
    ["pickup_available", "TRANSIT", "AvailableForPickup", "AvailableForPickup_001"],
    ["reschedule_delivery", "TRANSIT", "AttemptFail", "AttemptFail_001"],
    ["return_to_sender", "RETURNED", "Exception", "Exception_010"],
    ["delivered", "DELIVERED", "Delivered", "Delivered_001"],
    ["other", "TRANSIT", "InTransit", "InTransit_001"],
  ];
  it.each(SUBSTATUS)("substatus %s (with %s) → %s / %s", (code, status, tag, subtag) => {
    expect(mapShippoStatus(status, code)).toEqual({ tag, subtag });
  });

  it("covers every documented value, each subtag under its own tag", () => {
    expect(Object.keys(SHIPPO_STATUS).sort()).toEqual(STATUS.map(([s]) => s).sort());
    const silent = ["delivery_rescheduled", "other"];
    expect(Object.keys(SHIPPO_SUBSTATUS).sort()).toEqual(SUBSTATUS.map(([c]) => c).filter((c) => !silent.includes(c)).sort());
    for (const m of [...Object.values(SHIPPO_STATUS), ...Object.values(SHIPPO_SUBSTATUS)]) expect(tagOfSubtag(m.subtag)).toBe(m.tag);
  });
});
