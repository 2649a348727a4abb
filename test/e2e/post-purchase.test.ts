import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify, LosslessNumber } from "lossless-json";
import type { FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import type { FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { bearer, fixture, SHIPPO_TOKEN, SHOP, type Harness } from "../helpers/harness.js";
import { fulfillmentBody, ORDER_ID, orderBody, TRACKING, type Scan } from "../helpers/payloads.js";
import { startScenario, type Scenario } from "../helpers/scenario.js";
import { GORGIAS_TOKEN, gorgiasBody } from "../connectors/helpdesk-bodies.js";

/**
 * Post-purchase messages end to end: real vendor payload shapes (Shopify's published webhook
 * samples, EasyPost's tracker event) through the webhook endpoints, the flows and the dispatcher's
 * send-time check, to the bodies a fake Klaviyo validates against Klaviyo's OpenAPI schema.
 */
let s: Scenario;
let h: Harness;
let klaviyo: FakeKlaviyo;
let slack: FakeSlack;

beforeEach(async () => {
  s = await startScenario();
  ({ h, klaviyo, slack } = s);
});
afterEach(() => s.close());

type Attrs = { metric: { data: { attributes: { name: string } } }; properties: Record<string, any>; unique_id: string; value?: number };
const attrs = (e: unknown) => (e as { data: { attributes: Attrs } }).data.attributes;
const metrics = () => klaviyo.events.map((e) => attrs(e).metric.data.attributes.name);
const eventOf = (metric: string) => klaviyo.events.map(attrs).find((a) => a.metric.data.attributes.name === metric);
const shopify = (topic: string, body: string, webhookId: string, triggeredAt?: string) => s.shopify(topic, body, webhookId, triggeredAt);
const easypost = (eventId: string, scans: Scan[], estimate?: string) => s.easypost(eventId, scans, estimate);
const at = (iso: string) => s.at(iso);
const api = async (url: string) => (await h.app.server.inject({ method: "GET", url, headers: bearer })).json();

/** A Shopify returns/* sample re-pointed at our order. */
function returnBody(topic: "request" | "approve" | "decline" | "close"): string {
  const r = parse(fixture(`shopify/shopify-dev-2026-07/returns__${topic}.json`).toString("utf8")) as Record<string, unknown>;
  if (r.order) r.order = { id: new LosslessNumber(ORDER_ID), admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}` };
  else r.order_id = new LosslessNumber(ORDER_ID);
  return stringify(r)!;
}
function refundBody(createdAt: string): string {
  const r = parse(fixture("shopify/shopify-dev-2026-07/refunds__create.json").toString("utf8")) as Record<string, unknown>;
  r.created_at = createdAt;
  r.processed_at = createdAt;
  return stringify(r)!;
}

const label: Scan = { at: "2026-11-03T16:00:00.000Z", status: "pre_transit", detail: "label_created" };
const pickup: Scan = { at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" };
const outForDelivery: Scan = { at: "2026-11-06T07:00:00.000Z", status: "out_for_delivery", detail: "out_for_delivery" };
const delivered: Scan = { at: "2026-11-06T15:00:00.000Z", status: "delivered", detail: "arrived_at_destination" };

async function placeAndShip() {
  await shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z" }), "w-order");
  await at("2026-11-02T09:00:01.000Z");
  await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" }), "w-fulfillment");
  await easypost("evt_label", [label]);
  await at("2026-11-03T16:00:01.000Z");
  await easypost("evt_pickup", [label, pickup]);
  await at("2026-11-04T10:00:01.000Z");
}

describe("happy path: confirmation, shipped, out for delivery, delivered", () => {
  it("sends each message once, with the properties a template needs, and keeps the promise ledger", async () => {
    await placeAndShip();
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped"]);
    const confirmed = eventOf("Order Confirmed")!;
    expect(confirmed.unique_id).toBe(`order-confirmation:${SHOP}:${ORDER_ID}`);
    expect(confirmed.properties).toMatchObject({ order_id: ORDER_ID, order_name: "#9999", promised_delivery: "2026-11-11T23:59:59.999Z" });
    expect(confirmed.properties.items[0]).toMatchObject({ title: expect.any(String), quantity: expect.any(Number) });
    expect(confirmed.value).toBe(404.95);
    expect(eventOf("Order Shipped")!.properties).toMatchObject({ shipment: TRACKING, carrier: "UPS", tracking_number: TRACKING, tracking_url: expect.stringContaining(TRACKING) });

    await easypost("evt_ofd", [label, pickup, outForDelivery]);
    await at("2026-11-06T07:00:01.000Z");
    await easypost("evt_delivered", [label, pickup, outForDelivery, delivered]);
    await at("2026-11-06T15:00:01.000Z");
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped", "Out For Delivery", "Order Delivered"]);
    expect(eventOf("Order Delivered")!.properties).toMatchObject({ status_tag: "Delivered", previous_status_tag: "OutForDelivery" });
    expect(klaviyo.duplicates).toBe(0);

    // The brand's Klaviyo segments can filter on the delivery status.
    const profile = [...klaviyo.profiles.values()].find((p) => p.attributes.email === "jon@example.com");
    expect(profile?.properties).toMatchObject({ last_delivery_status: "Delivered", last_delivery_order: "#9999", vip: false });

    const ledger = await api(`/api/orders/${ORDER_ID}/promises`);
    expect(ledger.promises.map((p: any) => [p.metric, p.promisedBy, p.outcome])).toEqual([
      ["Order Confirmed", "2026-11-11T23:59:59.999Z", "kept"],
      ["Order Shipped", "2026-11-11T23:59:59.999Z", "kept"],
    ]);

    const m = await api("/api/metrics/comms?from=2026-11-01&to=2026-11-30");
    expect(m.sentByMetric).toEqual({ "Order Confirmed": 1, "Order Shipped": 1, "Out For Delivery": 1, "Order Delivered": 1 });
    expect(m).toMatchObject({ delayedShipments: 0, proactiveNoticeRate: null, skippedByReason: {}, failuresByCause: {} });
  });
});

describe("late delivery", () => {
  it("a missed promise sends Order Delayed before the customer asks; the ledger and the rate show it", async () => {
    await placeAndShip();
    // Scans keep coming (no stall), but the promise (end of Wed 11 Nov) passes undelivered.
    await easypost("evt_more", [label, pickup, { at: "2026-11-10T09:00:00.000Z", status: "in_transit", detail: "departed_facility" }]);
    await at("2026-11-10T09:00:01.000Z");
    await at("2026-11-12T08:00:00.000Z");
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped", "Order Delayed"]);
    expect(eventOf("Order Delayed")!.properties).toMatchObject({ reason: "edd_missed", previous_expected_delivery: "2026-11-11T23:59:59.999Z" });
    await easypost("evt_delivered", [label, pickup, { ...delivered, at: "2026-11-13T12:00:00.000Z" }]);
    await at("2026-11-13T12:00:01.000Z");

    const ledger = await api(`/api/orders/${ORDER_ID}/promises`);
    expect(ledger.promises[0]).toMatchObject({ metric: "Order Confirmed", outcome: "missed", explanation: expect.stringMatching(/delivered 2026-11-13T12:00:00.000Z, after/) });
    const m = await api("/api/metrics/comms?from=2026-11-01&to=2026-11-30");
    expect(m).toMatchObject({ delayedShipments: 1, notifiedBeforeContact: 1, proactiveNoticeRate: 1 });
  });
});

describe("a customer who asks first", () => {
  it("a ticket about the late order opened before the notice is a WISMO contact: the notice is sent but not counted as proactive", async () => {
    await s.close();
    s = await startScenario({ helpdesk: { kind: "gorgias", domain: "snowdevil", inboundSecrets: [GORGIAS_TOKEN] } });
    ({ h, klaviyo, slack } = s);
    await placeAndShip();
    await easypost("evt_more", [label, pickup, { at: "2026-11-10T09:00:00.000Z", status: "in_transit", detail: "departed_facility" }]);
    await at("2026-11-10T09:00:01.000Z");
    // Wednesday afternoon, before the promise has passed: the customer writes in about #9999.
    const ticket = gorgiasBody({ email: "jon@example.com", message: { id: "901", body: "Where is my order #9999?", at: "2026-11-11T15:00:00Z" }, updated: "2026-11-11T15:00:00Z", created: "2026-11-11T15:00:00Z" });
    const res = await h.app.server.inject({ method: "POST", url: "/webhooks/helpdesk/gorgias", payload: JSON.stringify(ticket), headers: { "content-type": "application/json", "x-firebreak-token": GORGIAS_TOKEN } });
    expect(res.statusCode, res.body).toBe(200);
    await at("2026-11-11T15:00:01.000Z");
    await at("2026-11-12T08:00:00.000Z");
    expect(metrics()).toContain("Order Delayed");
    const m = await api("/api/metrics/comms?from=2026-11-01&to=2026-11-30");
    expect(m).toMatchObject({ delayedShipments: 1, notifiedBeforeContact: 0, proactiveNoticeRate: 0 });
    expect(m.definition).toMatch(/before any WISMO contact/);
  });
});

describe("stalled shipment", () => {
  it("carrier silence notifies once; an Out For Delivery decided before the delivery scan is skipped with its reason", async () => {
    await placeAndShip();
    await at("2026-11-11T08:00:00.000Z");
    expect(metrics().filter((x) => x === "Order Delayed")).toHaveLength(1);
    expect(eventOf("Order Delayed")!.properties.reason).toBe("transit_stalled");

    // Klaviyo fails the out-for-delivery send; the parcel is delivered before the retry.
    klaviyo.failPlan.push(500, 500);
    await easypost("evt_ofd", [label, pickup, { ...outForDelivery, at: "2026-11-11T08:30:00.000Z" }]);
    await at("2026-11-11T08:30:01.000Z");
    await easypost("evt_delivered", [label, pickup, { ...outForDelivery, at: "2026-11-11T08:30:00.000Z" }, { ...delivered, at: "2026-11-11T09:00:00.000Z" }]);
    await at("2026-11-11T09:00:01.000Z");
    await at("2026-11-11T10:00:00.000Z");
    expect(metrics()).not.toContain("Out For Delivery");
    expect(metrics()).toContain("Order Delivered");
    const skipped = await h.app.store.listOutbox({ status: "skipped" });
    expect(skipped.map((a) => a.payload.metric)).toEqual(["Out For Delivery"]);
    expect(skipped[0]!.lastError).toMatch(/^SUPERSEDED: Out For Delivery reports OutForDelivery but shipment 1z827wk74630 is now Delivered/);
    const m = await api("/api/metrics/comms?from=2026-11-01&to=2026-11-30");
    expect(m.skippedByReason).toEqual({ SUPERSEDED: 1 });
  });
});

describe("exceptions: the customer hears first, the team is alerted", () => {
  it("a lost parcel sends Delivery Exception with next steps and a Slack alert", async () => {
    await placeAndShip();
    await easypost("evt_lost", [label, pickup, { at: "2026-11-05T11:00:00.000Z", status: "failure", detail: "lost", message: "Package lost in transit" }]);
    await at("2026-11-05T12:00:00.000Z");
    const notice = eventOf("Delivery Exception")!;
    expect(notice.properties).toMatchObject({ exception_kind: "lost", status_tag: "Exception", status_subtag: "Exception_013", next_steps: expect.stringMatching(/lost your parcel/) });
    expect(notice.unique_id).toBe(`exception-notice:${SHOP}:${ORDER_ID}:${TRACKING}:lost`);
    expect(slack.messages).toHaveLength(1);
  });

  it("a parcel returned to sender tells the customer how to get it reshipped", async () => {
    await placeAndShip();
    await easypost("evt_rts", [label, pickup, { at: "2026-11-05T11:00:00.000Z", status: "return_to_sender", detail: "return" }]);
    await at("2026-11-05T12:00:00.000Z");
    expect(eventOf("Delivery Exception")!.properties).toMatchObject({ exception_kind: "returned_to_sender", next_steps: expect.stringMatching(/reship/) });
    expect(slack.messages).toHaveLength(1);
  });
});

describe("out-of-order and duplicate deliveries", () => {
  it("a late out-for-delivery scan after delivery sends nothing; a resent webhook sends nothing twice", async () => {
    await placeAndShip();
    await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" }), "w-fulfillment"); // Shopify retries
    await easypost("evt_delivered", [label, pickup, delivered]);
    await easypost("evt_delivered", [label, pickup, delivered]); // EasyPost resends
    await at("2026-11-06T15:00:01.000Z");
    await easypost("evt_ofd_late", [label, pickup, outForDelivery]); // an older scan, arriving last
    await at("2026-11-06T16:00:00.000Z");
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped", "Order Delivered"]);
    expect(klaviyo.received.length).toBe(3);
  });
});

describe("returns and refunds", () => {
  it("each return webhook is its own metric, and a refund carries its amount", async () => {
    await placeAndShip();
    await shopify("returns/request", returnBody("request"), "w-r1", "2026-11-05T10:00:00.000Z");
    await shopify("returns/approve", returnBody("approve"), "w-r2", "2026-11-05T11:00:00.000Z");
    await shopify("refunds/create", refundBody("2026-11-05T12:00:00.000Z"), "w-refund");
    await at("2026-11-05T12:00:01.000Z");
    expect(metrics().slice(2)).toEqual(["Return Requested", "Return Approved", "Refund Issued"]);
    expect(eventOf("Return Approved")!.properties).toMatchObject({ order_name: "#9999", return_status: "open" });
    expect(eventOf("Refund Issued")!.properties).toMatchObject({ refund_note: "Things were damaged" });
  });
});

describe("Klaviyo outage", () => {
  it("429 then 5xx then recovery: every message arrives exactly once", async () => {
    klaviyo.failPlan.push({ status: 429, retryAfter: "60" }, 503, 502, { status: 429, retryAfter: "30" }, 500);
    await placeAndShip();
    for (let i = 0; i < 12; i += 1) {
      h.clock.advance(120_000);
      await h.app.worker.runUntilIdle();
    }
    expect(metrics().sort()).toEqual(["Order Confirmed", "Order Shipped"]);
    expect(klaviyo.duplicates).toBe(0);
    const all = await h.app.store.listOutbox({});
    expect(all.every((a) => a.status === "delivered")).toBe(true);
    expect(klaviyo.requests.filter((r) => r.status === 429 || r.status >= 500)).toHaveLength(5);
  });

  it("a validation error is dead-lettered at once with Klaviyo's answer, and counted as a failure by cause", async () => {
    await placeAndShip();
    klaviyo.failPlan.push({ status: 400, body: JSON.stringify({ errors: [{ status: 400, code: "invalid", title: "Invalid input.", detail: "'properties' is too large", source: { pointer: "/data/attributes/properties" } }] }) });
    await easypost("evt_ofd", [label, pickup, outForDelivery]);
    await at("2026-11-06T07:00:01.000Z");
    // The message and the profile update go out together; whichever met the 400 is dead, the other delivered.
    const dead = await h.app.store.listOutbox({ status: "dead" });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^BAD_REQUEST \(HTTP 400\): klaviyo POST \/api\/(events|profile-import): HTTP 400: .*'properties' is too large/) });
    const m = await api("/api/metrics/comms?from=2026-11-01&to=2026-11-30");
    expect(m.failuresByCause).toEqual({ BAD_REQUEST: 1 });
  });
});

describe("the promise ledger keeps the delay notice's promise", () => {
  it("a revised date is told once, the older date is not reported missed, and the told date passing notifies again", async () => {
    await placeAndShip();
    // The carrier now expects Friday 13 Nov: later than the promised Wednesday 11th.
    await easypost("evt_revised", [label, pickup, { at: "2026-11-05T10:00:00.000Z", status: "in_transit", detail: "departed_facility" }], "2026-11-13T00:00:00Z");
    await at("2026-11-05T10:00:01.000Z");
    const revised = eventOf("Order Delayed")!;
    expect(revised.properties).toMatchObject({ reason: "edd_revised", promised_delivery: "2026-11-13T00:00:00.000Z" });

    // The merchant's own promise passes on the 12th: the customer already holds the 13th, so no "we missed the 11th".
    await easypost("evt_scan", [label, pickup, { at: "2026-11-11T10:00:00.000Z", status: "in_transit", detail: "departed_facility" }], "2026-11-13T00:00:00Z");
    await at("2026-11-12T08:00:00.000Z");
    expect(metrics().filter((x) => x === "Order Delayed")).toHaveLength(1);
    const skipped = await h.app.store.listOutbox({ status: "skipped" });
    expect(skipped.map((a) => a.lastError)).toEqual([expect.stringMatching(/^ALREADY_TOLD_LATER: .*2026-11-11T23:59:59.999Z.*already told 2026-11-13T00:00:00.000Z/)]);

    // The told date passes (with a day's grace) and the parcel still has not come: tell them again, before they ask.
    await at("2026-11-14T00:00:01.000Z");
    const delays = klaviyo.events.map(attrs).filter((a) => a.metric.data.attributes.name === "Order Delayed");
    expect(delays.map((a) => [a.properties.reason, a.properties.previous_expected_delivery])).toEqual([
      ["edd_revised", "2026-11-11T23:59:59.999Z"],
      ["edd_missed", "2026-11-13T00:00:00.000Z"],
    ]);
    const ledger = await api(`/api/orders/${ORDER_ID}/promises`);
    expect(ledger.promises.map((p: any) => [p.metric, p.outcome])).toEqual([
      ["Order Confirmed", "superseded"],
      ["Order Shipped", "superseded"],
      ["Order Delayed", "missed"],
    ]);
  });
});

/** Shopify's fulfillment_events/create sample, as a later carrier status of our fulfillment. */
function fulfillmentEventBody(id: string, status: string, at: string): string {
  const e = parse(fixture("shopify/shopify-dev-2026-07/fulfillment_events__create.json").toString("utf8")) as Record<string, unknown>;
  Object.assign(e, { id: new LosslessNumber(id), admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${id}`, status, happened_at: at, created_at: at, updated_at: at });
  return stringify(e)!;
}
/** Shippo's delivered USPS track, in Shippo's webhook envelope. */
const shippoDelivered = () => JSON.stringify({ event: "track_updated", test: false, data: JSON.parse(fixture("carriers/shippo/track__usps_9205590164917337534322__delivered.json").toString("utf8")) });
const SHIPPO_TRACKING = "9205590164917337534322";

async function shipWithShippoTracking() {
  h.clock.set("2016-12-05T09:00:00.000Z");
  await shopify("orders/create", orderBody({ createdAt: "2016-12-05T09:00:00.000Z" }), "w-order");
  await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2016-12-06T15:00:00.000Z", tracking: SHIPPO_TRACKING }), "w-fulfillment");
  await at("2016-12-06T15:00:01.000Z");
}
async function shippoArrivesAt(now: string) {
  h.clock.set(now);
  const res = await h.app.server.inject({ method: "POST", url: `/webhooks/tracking/shippo?token=${SHIPPO_TOKEN}`, payload: shippoDelivered(), headers: { "content-type": "application/json" } });
  expect(res.statusCode, res.body).toBe(200);
  await h.app.worker.runUntilIdle();
}

describe("other sources: Shopify fulfillment events and Shippo tracking", () => {
  it("Shopify's own carrier statuses drive the same messages as a tracking provider's", async () => {
    await shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z" }), "w-order");
    await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" }), "w-fulfillment");
    await at("2026-11-03T15:00:01.000Z");
    await shopify("fulfillment_events/create", fulfillmentEventBody("71", "out_for_delivery", "2026-11-05T07:00:00.000Z"), "w-fe1");
    await at("2026-11-05T07:00:01.000Z");
    await shopify("fulfillment_events/create", fulfillmentEventBody("72", "delivered", "2026-11-05T13:00:00.000Z"), "w-fe2");
    await at("2026-11-05T13:00:01.000Z");
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped", "Out For Delivery", "Order Delivered"]);
  });

  it("Shippo's delivered track reaches the customer once, and the same news days late is skipped as stale", async () => {
    // The Shippo sample was delivered 8 Dec 2016: live at the time, the message goes.
    await shipWithShippoTracking();
    await shippoArrivesAt("2016-12-09T02:00:00.000Z");
    expect(metrics()).toEqual(["Order Confirmed", "Order Shipped", "Order Delivered"]);
    expect(eventOf("Order Delivered")!.properties).toMatchObject({ carrier: "UPS", tracking_number: SHIPPO_TRACKING, status_tag: "Delivered" });
  });

  it("news older than the staleness window is recorded as skipped, never sent", async () => {
    await shipWithShippoTracking();
    // Shippo's update (delivered 8 Dec, sent 9 Dec) reaches us six days late.
    await shippoArrivesAt("2016-12-15T09:00:00.000Z");
    expect(metrics()).not.toContain("Order Delivered");
    const [skipped] = await h.app.store.listOutbox({ status: "skipped" });
    expect(skipped).toMatchObject({ payload: { metric: "Order Delivered" }, lastError: expect.stringMatching(/^STALE: Order Delivered reports a fact from 2016-12-09T01:40:17.515Z, 151 h old \(staleness window 72 h\)/) });
  });
});
