import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { normalizeAfterShip } from "../../src/connectors/aftership/normalize.js";
import { verifyAfterShipSignature } from "../../src/connectors/aftership/verify.js";
import { NewEvent } from "../../src/core/event.js";
import { afterShipTrackingOf, afterShipWebhook } from "./envelopes.js";
import { fixtureJson } from "./fixtures.js";
import type { VendorBody } from "./fixtures.js";

const postnl = afterShipTrackingOf(fixtureJson("carriers/aftership/v4_get_tracking__postnl-3s__7_checkpoints.json")) as VendorBody;
const fourPx = afterShipTrackingOf(fixtureJson("carriers/aftership/v4_get_tracking__4px.json")) as VendorBody;

function normalized(body: unknown): NewEvent {
  const r = normalizeAfterShip({ shop: "s.myshopify.com", body });
  if (!r.ok) throw new Error(r.message);
  return NewEvent.parse(r.event);
}

describe("verifyAfterShipSignature", () => {
  const raw = Buffer.from(JSON.stringify(afterShipWebhook(postnl)));
  const sign = (secret: string, body = raw) => createHmac("sha256", secret).update(body).digest("base64");

  it("accepts the base64 HMAC of the raw body, with rotation", () => {
    expect(verifyAfterShipSignature(raw, sign("k2"), ["k1", "k2"])).toEqual({ ok: true, secretIndex: 1 });
  });
  it("rejects a wrong secret, a changed byte, a missing or garbage header", () => {
    expect(verifyAfterShipSignature(raw, sign("nope"), ["k1"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    const tampered = Buffer.from(raw);
    tampered[5] = tampered[5]! ^ 0x01;
    expect(verifyAfterShipSignature(tampered, sign("k1"), ["k1"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyAfterShipSignature(raw, undefined, ["k1"])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyAfterShipSignature(raw, "%%%", ["k1"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });
});

describe("normalizeAfterShip (fixtures wrapped in the documented envelope)", () => {
  it("passes tag and subtag straight through, with checkpoints", () => {
    const e = normalized(afterShipWebhook(postnl, { eventId: "evt-postnl-1" }));
    expect(e).toMatchObject({ source: "aftership", topic: "tracking_update", deliveryId: "evt-postnl-1", occurredAt: "2021-03-26T03:37:48.000Z", trackingKey: "3SKAAG5995399", orderKey: null });
    expect(e.payload).toMatchObject({
      kind: "tracking.updated",
      provider: "aftership",
      carrier: "postnl-3s",
      trackingNumber: "3SKAAG5995399",
      tag: "InTransit",
      subtag: "InTransit_004",
      subtagMessage: "Arrived at destination country",
      estimatedDeliveryAt: null,
      orderRef: null,
    });
    if (e.payload.kind !== "tracking.updated") throw new Error("kind");
    expect(e.payload.checkpoints.map((c) => c.subtag)).toEqual(["InfoReceived_001", "InfoReceived_001", "InTransit_001", "InTransit_001", "InTransit_001", "InTransit_004"]);
    expect(e.payload.checkpoints[5]).toEqual({ at: "2021-03-25T09:59:00.000Z", tag: "InTransit", subtag: "InTransit_004", message: "Shipment received in country of destination", location: "ES, Spain" });
  });

  it("a pending tracking with no checkpoints", () => {
    const e = normalized(afterShipWebhook(fourPx));
    expect(e.payload).toMatchObject({ tag: "Pending", subtag: "Pending_001", checkpoints: [], trackingNumber: "HH19260817", carrier: "4px" });
  });

  it("takes the expected delivery from expected_delivery, then the courier's, then AfterShip's estimate", () => {
    const base = { ...postnl, expected_delivery: null };
    expect(normalized(afterShipWebhook({ ...base, aftership_estimated_delivery_date: { estimated_delivery_date: "2021-03-30" } })).payload).toMatchObject({ estimatedDeliveryAt: "2021-03-30T00:00:00.000Z" });
    expect(normalized(afterShipWebhook({ ...base, courier_estimated_delivery_date: { estimated_delivery_date: "2021-03-29" }, aftership_estimated_delivery_date: { estimated_delivery_date: "2021-03-30" } })).payload).toMatchObject({ estimatedDeliveryAt: "2021-03-29T00:00:00.000Z" });
    expect(normalized(afterShipWebhook({ ...base, expected_delivery: "2021-03-28T12:00:00+01:00", courier_estimated_delivery_date: "2021-03-29" })).payload).toMatchObject({ estimatedDeliveryAt: "2021-03-28T11:00:00.000Z" });
  });

  it("carries order_id as the order reference, and exceptions as AfterShip tags them", () => {
    const e = normalized(afterShipWebhook({ ...postnl, order_id: "#1001", tag: "Exception", subtag: "Exception_013", subtag_message: null }));
    expect(e.payload).toMatchObject({ tag: "Exception", subtag: "Exception_013", subtagMessage: "Shipment lost", orderRef: "#1001" });
  });

  it("falls back to ts when the tracking has no updated_at", () => {
    const e = normalized(afterShipWebhook({ ...fourPx, updated_at: null }, { ts: 1616729868 }));
    expect(e.occurredAt).toBe("2021-03-26T03:37:48.000Z");
  });

  it("names the field when the tracking is malformed, and needs an event_id", () => {
    expect(normalizeAfterShip({ shop: "s", body: afterShipWebhook({ ...postnl, tag: "Lost" }) })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("msg: tag") });
    expect(normalizeAfterShip({ shop: "s", body: afterShipWebhook({ ...postnl, checkpoints: [{ tag: "InTransit" }] }) })).toMatchObject({ ok: false, message: expect.stringContaining("checkpoints.0.checkpoint_time") });
    const { event_id: _drop, ...noId } = afterShipWebhook(postnl);
    expect(normalizeAfterShip({ shop: "s", body: noId })).toMatchObject({ ok: false, message: expect.stringContaining("event_id") });
  });
});
