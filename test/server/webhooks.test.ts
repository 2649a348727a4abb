import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { aftershipHeaders, easypostHeaders, fixture, SHIPPO_TOKEN, shopifyHeaders, startHarness, storeCounts, type Harness } from "../helpers/harness.js";
import { ORDER_ID } from "../helpers/payloads.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const post = (url: string, payload: string | Buffer, headers: Record<string, string>) => h.app.server.inject({ method: "POST", url, payload, headers });

const HANDLED = new Set([
  "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled", "orders/edited",
  "fulfillments/create", "fulfillments/update", "fulfillment_events/create", "refunds/create",
  "returns/request", "returns/approve", "returns/decline", "returns/cancel", "returns/close", "returns/reopen", "returns/update",
  "inventory_levels/update", "inventory_items/update", "products/create", "products/update",
  "customers/create", "customers/update", "disputes/create", "fulfillment_holds/added",
]);

describe("POST /webhooks/shopify", () => {
  const samples = readdirSync(join(import.meta.dirname, "..", "fixtures", "shopify", "shopify-dev-2026-07")).filter((f) => f.endsWith(".json"));

  it("stores every Shopify sample payload, acknowledging unhandled topics as ignored", async () => {
    expect(samples.length).toBeGreaterThanOrEqual(25);
    for (const file of samples) {
      const topic = file.replace(/\.json$/, "").replace("__", "/");
      const body = fixture(`shopify/shopify-dev-2026-07/${file}`);
      const res = await post("/webhooks/shopify", body, shopifyHeaders(topic, body));
      expect(res.statusCode, `${file}: ${res.body}`).toBe(200);
      // returns/update's sample names only the return's gid (no order, no status): nothing to fold, kept as ignored.
      const expected = HANDLED.has(topic) && file !== "returns__update.json" ? "stored" : "ignored";
      expect(res.json().status, file).toBe(expected);
    }
    const counts = await storeCounts(h.app);
    expect(counts.events).toBe(samples.length);
    expect(counts.rawBodies).toBe(samples.length);
    await h.app.worker.runUntilIdle();
    const journey = await h.app.store.getJourney("snowdevil.myshopify.com", ORDER_ID);
    expect(journey?.orderId).toBe(ORDER_ID);
    expect(journey?.name).toBe("#9999");
    expect(journey?.shipments.map((s) => s.trackingNumber)).toContain("1z827wk74630");
  });

  it("keeps the raw body byte for byte and never stores the signature", async () => {
    const body = fixture("shopify/shopify-dev-2026-07/orders__create.json");
    const res = await post("/webhooks/shopify", body, shopifyHeaders("orders/create", body, { webhookId: "raw-1" }));
    const raw = await h.app.store.getRawBody(res.json().event_id);
    expect(raw?.body.equals(body)).toBe(true);
    expect(Object.keys(raw!.headers)).not.toContain("x-shopify-hmac-sha256");
    expect(raw!.headers["x-shopify-webhook-id"]).toBe("raw-1");
  });

  it("takes ids losslessly: the 18-digit order id survives, and the precision-lost copy still yields it from the gid", async () => {
    for (const [file, id] of [["shopify/shopify-dev-2026-07/orders__create.json", "a"], ["shopify/triggerdev-copies-precision-lost/Order.json", "b"]] as const) {
      const body = fixture(file);
      const res = await post("/webhooks/shopify", body, shopifyHeaders("orders/updated", body, { webhookId: `lossless-${id}` }));
      expect(res.statusCode).toBe(200);
      const [event] = await h.app.store.listEvents({ limit: 10, fromSeq: 0 }).then((es) => es.filter((e) => e.id === res.json().event_id));
      expect(event?.orderKey).toBe(ORDER_ID);
    }
  });

  it("dedupes on X-Shopify-Webhook-Id, falling back to X-Shopify-Event-Id", async () => {
    const body = fixture("shopify/shopify-dev-2026-07/orders__paid.json");
    const first = await post("/webhooks/shopify", body, shopifyHeaders("orders/paid", body, { webhookId: "dup-1" }));
    const again = await post("/webhooks/shopify", body, shopifyHeaders("orders/paid", body, { webhookId: "dup-1" }));
    expect(first.json().status).toBe("stored");
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: "duplicate", event_id: first.json().event_id });

    const noWebhookId = { ...shopifyHeaders("orders/paid", body, { webhookId: null }), "x-shopify-event-id": "evt-77" };
    expect((await post("/webhooks/shopify", body, noWebhookId)).json().status).toBe("stored");
    expect((await post("/webhooks/shopify", body, noWebhookId)).json().status).toBe("duplicate");
    expect((await storeCounts(h.app)).events).toBe(2);
  });

  it("accepts the previous secret during a rotation", async () => {
    const body = fixture("shopify/shopify-dev-2026-07/orders__create.json");
    const res = await post("/webhooks/shopify", body, shopifyHeaders("orders/create", body, { secret: "shpss_test_previous_secret" }));
    expect(res.statusCode).toBe(200);
  });

  describe("rejects bad requests with a stable code and writes nothing", () => {
    const body = fixture("shopify/shopify-dev-2026-07/orders__create.json");
    const cases: Array<[string, () => { payload: string | Buffer; headers: Record<string, string> }, number, string]> = [
      ["a wrong signature", () => ({ payload: body, headers: shopifyHeaders("orders/create", body, { secret: "not-the-secret" }) }), 401, "SIGNATURE_INVALID"],
      ["a signature over other bytes", () => ({ payload: Buffer.concat([body, Buffer.from(" ")]), headers: shopifyHeaders("orders/create", body) }), 401, "SIGNATURE_INVALID"],
      ["no signature", () => { const hd = shopifyHeaders("orders/create", body); delete hd["x-shopify-hmac-sha256"]; return { payload: body, headers: hd }; }, 401, "SIGNATURE_MISSING"],
      ["an unknown shop", () => ({ payload: body, headers: shopifyHeaders("orders/create", body, { shop: "intruder.myshopify.com" }) }), 401, "SHOP_UNKNOWN"],
      ["malformed JSON, correctly signed", () => ({ payload: '{"id": 1,', headers: shopifyHeaders("orders/create", '{"id": 1,') }), 400, "MALFORMED_JSON"],
      ["a body over the limit", () => { const big = Buffer.alloc(300 * 1024, 0x20); return { payload: big, headers: shopifyHeaders("orders/create", big) }; }, 413, "BODY_TOO_LARGE"],
      ["an order whose line_items is not a list", () => { const b = body.toString().replace(/"line_items":\s*\[/, '"line_items": "x", "ignored": ['); return { payload: b, headers: shopifyHeaders("orders/create", b) }; }, 422, "PAYLOAD_INVALID"],
    ];
    for (const [name, make, status, code] of cases) {
      it(name, async () => {
        const { payload, headers } = make();
        const res = await post("/webhooks/shopify", payload, headers);
        expect(res.statusCode).toBe(status);
        expect(res.json().error.code).toBe(code);
        expect(res.json().error.message.length).toBeGreaterThan(10);
        expect(await storeCounts(h.app)).toEqual({ events: 0, rawBodies: 0, outbox: 0 });
      });
    }
  });
});

describe("carrier tracking webhooks", () => {
  it("verifies EasyPost's published vector (secret sécret, NFKD) through the endpoint", async () => {
    const raw = fixture("carriers/easypost/fixtures__event-body.json");
    const body = raw.subarray(0, raw.length - (raw[raw.length - 1] === 0x0a ? 1 : 0));
    expect(body.length).toBe(3550);
    const vector = JSON.parse(fixture("carriers/easypost/client-library-fixtures__webhooks.json").toString()).hmac_signature as string;
    const res = await post("/webhooks/tracking/easypost", body, { "content-type": "application/json", "x-hmac-signature": vector });
    expect(res.statusCode, res.body).toBe(200);
    const bad = await post("/webhooks/tracking/easypost", body, easypostHeaders(body, "secret"));
    expect(bad.statusCode).toBe(401);
    const events = await h.app.store.listEvents({ limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ kind: "tracking.updated", provider: "easypost", tag: "InTransit" });
  });

  it("accepts a signed AfterShip tracking_update and rejects an unsigned one", async () => {
    const tracking = JSON.parse(fixture("carriers/aftership/v4_get_tracking__postnl-3s__7_checkpoints.json").toString()).data.tracking;
    // AfterShip's webhook envelope is documented, not captured: wrap the API's tracking object in it.
    const body = JSON.stringify({ event: "tracking_update", event_id: "as-evt-1", is_tracking_first_tag: false, msg: tracking, ts: 1616730000 });
    expect((await post("/webhooks/tracking/aftership", body, { "content-type": "application/json" })).statusCode).toBe(401);
    const res = await post("/webhooks/tracking/aftership", body, aftershipHeaders(body));
    expect(res.statusCode, res.body).toBe(200);
    expect((await post("/webhooks/tracking/aftership", body, aftershipHeaders(body))).json().status).toBe("duplicate");
  });

  it("authenticates Shippo by the shop's URL token", async () => {
    const track = JSON.parse(fixture("carriers/shippo/track__usps_9205590164917337534322__delivered.json").toString());
    // Shippo's envelope is documented: {event, test, data: <track>}.
    const body = JSON.stringify({ event: "track_updated", test: false, data: track });
    expect((await post("/webhooks/tracking/shippo", body, { "content-type": "application/json" })).json().error.code).toBe("SIGNATURE_MISSING");
    expect((await post("/webhooks/tracking/shippo?token=wrong-token-0123456789", body, { "content-type": "application/json" })).statusCode).toBe(401);
    const res = await post(`/webhooks/tracking/shippo?token=${SHIPPO_TOKEN}`, body, { "content-type": "application/json" });
    expect(res.statusCode, res.body).toBe(200);
    const [event] = await h.app.store.listEvents({ limit: 1 });
    expect(event!.payload).toMatchObject({ kind: "tracking.updated", provider: "shippo", tag: "Delivered", trackingNumber: "9205590164917337534322" });
  });
});
