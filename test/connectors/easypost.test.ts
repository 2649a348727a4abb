import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { normalizeEasyPost } from "../../src/connectors/easypost/normalize.js";
import { EASYPOST_STATUS, EASYPOST_STATUS_DETAIL, mapEasyPostStatus } from "../../src/connectors/easypost/status-map.js";
import { verifyEasyPostSignature } from "../../src/connectors/easypost/verify.js";
import { NewEvent } from "../../src/core/event.js";
import { tagOfSubtag } from "../../src/core/shipment-status.js";
import { fixtureBytes, fixtureJson } from "./fixtures.js";
import type { VendorBody } from "./fixtures.js";

const vector = fixtureJson("carriers/easypost/client-library-fixtures__webhooks.json") as { secret: string; hmac_signature: string };
const onDisk = fixtureBytes("carriers/easypost/fixtures__event-body.json");
// EasyPost signed the body as sent: without the trailing newline the file has on disk.
const signedBody = onDisk.subarray(0, onDisk.length - 1);

describe("verifyEasyPostSignature (EasyPost's own test vector)", () => {
  it("uses the 3,550-byte body and the secret as published", () => {
    expect(onDisk.at(-1)).toBe(0x0a);
    expect(signedBody.length).toBe(3550);
    expect(vector.secret).toBe("sécret");
  });

  it("verifies the published signature with the NFKD-normalised secret", () => {
    expect(verifyEasyPostSignature(signedBody, vector.hmac_signature, [vector.secret])).toEqual({ ok: true, secretIndex: 0 });
    // The secret typed precomposed or decomposed is the same secret.
    expect(verifyEasyPostSignature(signedBody, vector.hmac_signature, ["other", vector.secret.normalize("NFC")])).toEqual({ ok: true, secretIndex: 1 });
  });

  it("would not verify without NFKD (proves the normalisation matters)", () => {
    const nfc = createHmac("sha256", Buffer.from(vector.secret.normalize("NFC"), "utf8")).update(signedBody).digest("hex");
    expect(`hmac-sha256-hex=${nfc}`).not.toBe(vector.hmac_signature);
  });

  it("fails when one byte of the body changes, or the trailing newline is kept", () => {
    const tampered = Buffer.from(signedBody);
    tampered[100] = tampered[100]! ^ 0x01;
    expect(verifyEasyPostSignature(tampered, vector.hmac_signature, [vector.secret])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyEasyPostSignature(onDisk, vector.hmac_signature, [vector.secret])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });

  it("fails with the wrong secret, a missing header, or a malformed one", () => {
    expect(verifyEasyPostSignature(signedBody, vector.hmac_signature, ["secret"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyEasyPostSignature(signedBody, undefined, [vector.secret])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    const hex = vector.hmac_signature.slice("hmac-sha256-hex=".length);
    for (const bad of [hex, `hmac-sha256-hex=${hex.slice(2)}`, `hmac-sha1-hex=${hex}`, `hmac-sha256-hex=${hex}zz`]) {
      expect(verifyEasyPostSignature(signedBody, bad, [vector.secret]), bad).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    }
  });
});

describe("normalizeEasyPost", () => {
  it("turns the FedEx tracker.updated vector into tracking.updated", () => {
    const r = normalizeEasyPost({ shop: "s.myshopify.com", body: fixtureJson("carriers/easypost/fixtures__event-body.json") });
    if (!r.ok) throw new Error(r.message);
    const e = NewEvent.parse(r.event);
    expect(e).toMatchObject({ source: "easypost", topic: "tracker.updated", deliveryId: "evt_1", occurredAt: "2024-08-02T19:26:51.000Z", orderKey: null, trackingKey: "1" });
    expect(e.payload).toMatchObject({
      kind: "tracking.updated",
      provider: "easypost",
      carrier: "FedEx",
      trackingNumber: "1",
      tag: "InTransit",
      subtag: "InTransit_003",
      subtagMessage: "Arrival scan",
      estimatedDeliveryAt: "2024-08-05T00:00:00.000Z",
      updatedAt: "2024-08-02T19:26:51.000Z",
      orderRef: null,
    });
    if (e.payload.kind !== "tracking.updated") throw new Error("kind");
    expect(e.payload.checkpoints).toHaveLength(7);
    expect(e.payload.checkpoints[0]).toEqual({ at: "2024-07-31T15:00:00.000Z", tag: "InfoReceived", subtag: "InfoReceived_001", message: "Shipment information sent to FedEx", location: "32837, US" });
    expect(e.payload.checkpoints[3]).toMatchObject({ tag: "InTransit", subtag: "InTransit_007", location: "ORLANDO, FL, 32809, US" });
  });

  it("normalizes the documented tracking webhooks (no status_detail)", () => {
    for (const name of ["guides__tracking-guide__json__tracking-webhook.json", "landing_pages__tracking_webhooks__tracking_webhook_response.json"]) {
      const r = normalizeEasyPost({ shop: "s", body: fixtureJson(`carriers/easypost/${name}`) });
      if (!r.ok) throw new Error(r.message);
      expect(NewEvent.parse(r.event).payload, name).toMatchObject({ tag: "Delivered", subtag: "Delivered_001", carrier: "UPS", trackingNumber: "EZ4000000004" });
    }
  });

  it("accepts a tracker.created wrapping a documented Tracker", () => {
    const tracker = fixtureJson("carriers/easypost/docs__responses__trackers__trackers-retrieve.json");
    const r = normalizeEasyPost({ shop: "s", body: { id: "evt_x", object: "Event", description: "tracker.created", updated_at: "2025-05-09T20:40:18Z", result: tracker } });
    if (!r.ok) throw new Error(r.message);
    expect(r.event).toMatchObject({ topic: "tracker.created", deliveryId: "evt_x", occurredAt: "2025-05-09T20:40:17.000Z", payload: { tag: "InfoReceived", carrier: "USPS" } });
  });

  it("stores other events as ignored", () => {
    const r = normalizeEasyPost({ shop: "s", body: fixtureJson("carriers/easypost/guides__webhooks-guide__event__post_json_example.json") });
    if (!r.ok) throw new Error(r.message);
    expect(NewEvent.parse(r.event)).toMatchObject({ topic: "batch.created", occurredAt: "2015-12-03T19:09:19.000Z", payload: { kind: "ignored", topic: "batch.created" } });
  });

  it("names the field when the tracker is malformed", () => {
    const body = fixtureJson("carriers/easypost/fixtures__event-body.json") as VendorBody;
    body.result.tracking_details = "x";
    expect(normalizeEasyPost({ shop: "s", body })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("result: tracking_details") });
    expect(normalizeEasyPost({ shop: "s", body: { description: "tracker.updated" } })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("id") });
  });
});

describe("EasyPost status map", () => {
  const STATUS: Array<[string, string, string]> = [
    ["unknown", "Pending", "Pending_001"],
    ["pre_transit", "InfoReceived", "InfoReceived_001"],
    ["in_transit", "InTransit", "InTransit_001"],
    ["out_for_delivery", "OutForDelivery", "OutForDelivery_001"],
    ["delivered", "Delivered", "Delivered_001"],
    ["available_for_pickup", "AvailableForPickup", "AvailableForPickup_001"],
    ["return_to_sender", "Exception", "Exception_010"],
    ["failure", "Exception", "Exception_001"],
    ["cancelled", "Exception", "Exception_020"],
    ["error", "Pending", "Pending_001"],
  ];
  it.each(STATUS)("status %s → %s / %s", (status, tag, subtag) => {
    expect(mapEasyPostStatus(status, null)).toEqual({ tag, subtag });
  });

  // [status_detail, the status it usually comes with, expected tag, expected subtag]
  const DETAIL: Array<[string, string, string, string]> = [
    ["address_correction", "in_transit", "Exception", "Exception_007"],
    ["arrived_at_destination", "in_transit", "InTransit", "InTransit_003"],
    ["arrived_at_facility", "in_transit", "InTransit", "InTransit_003"],
    ["arrived_at_pickup_location", "in_transit", "AvailableForPickup", "AvailableForPickup_001"],
    ["awaiting_information", "pre_transit", "InfoReceived", "InfoReceived_001"],
    ["cancelled", "cancelled", "Exception", "Exception_020"],
    ["damaged", "in_transit", "Exception", "Exception_012"],
    ["delayed", "in_transit", "Exception", "Exception_005"],
    ["delivery_exception", "out_for_delivery", "Exception", "Exception_001"],
    ["departed_facility", "in_transit", "InTransit", "InTransit_007"],
    ["departed_origin_facility", "in_transit", "InTransit", "InTransit_007"],
    ["expired", "unknown", "Expired", "Expired_001"],
    ["failure", "failure", "Exception", "Exception_001"],
    ["held", "in_transit", "Exception", "Exception_001"],
    ["in_transit", "in_transit", "InTransit", "InTransit_001"],
    ["label_created", "pre_transit", "InfoReceived", "InfoReceived_001"],
    ["lost", "failure", "Exception", "Exception_013"],
    ["missorted", "in_transit", "Exception", "Exception_016"],
    ["out_for_delivery", "out_for_delivery", "OutForDelivery", "OutForDelivery_001"],
    ["received_at_destination_facility", "in_transit", "InTransit", "InTransit_003"],
    ["received_at_origin_facility", "in_transit", "InTransit", "InTransit_002"],
    ["refused", "return_to_sender", "Exception", "Exception_003"],
    ["return", "return_to_sender", "Exception", "Exception_010"],
    ["status_update", "in_transit", "InTransit", "InTransit_001"],
    ["transferred_to_destination_carrier", "in_transit", "InTransit", "InTransit_001"],
    ["transit_exception", "in_transit", "Exception", "Exception_001"],
    ["unknown", "in_transit", "InTransit", "InTransit_001"],
    ["weather_delay", "in_transit", "Exception", "Exception_017"],
  ];
  it.each(DETAIL)("status_detail %s (with %s) → %s / %s", (detail, status, tag, subtag) => {
    expect(mapEasyPostStatus(status, detail)).toEqual({ tag, subtag });
  });

  it("covers every documented value, each subtag under its own tag", () => {
    expect(Object.keys(EASYPOST_STATUS).sort()).toEqual(STATUS.map(([s]) => s).sort());
    const silent = ["status_update", "unknown"];
    expect(Object.keys(EASYPOST_STATUS_DETAIL).sort()).toEqual(DETAIL.map(([d]) => d).filter((d) => !silent.includes(d)).sort());
    for (const m of [...Object.values(EASYPOST_STATUS), ...Object.values(EASYPOST_STATUS_DETAIL)]) expect(tagOfSubtag(m.subtag)).toBe(m.tag);
  });

  it("a refinement never contradicts the main status, and delivered stays delivered", () => {
    expect(mapEasyPostStatus("pre_transit", "arrived_at_facility")).toEqual({ tag: "InfoReceived", subtag: "InfoReceived_001" });
    expect(mapEasyPostStatus("delivered", "damaged")).toEqual({ tag: "Delivered", subtag: "Delivered_001" });
    expect(mapEasyPostStatus("teleported", "hm")).toEqual({ tag: "Pending", subtag: "Pending_001" });
  });
});
