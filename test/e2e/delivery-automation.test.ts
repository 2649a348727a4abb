import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import type { FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { deliveryFlows } from "../../src/layers/delivery/flows.js";
import { journeysDigest, rebuildProjections } from "../../src/cli/rebuild.js";
import { bearer, SHOP, type Harness } from "../helpers/harness.js";
import { fulfillmentBody, ORDER_ID, orderBody, TRACKING, type Scan } from "../helpers/payloads.js";
import { startScenario, type Scenario } from "../helpers/scenario.js";

let s: Scenario;
let h: Harness;
let klaviyo: FakeKlaviyo;
let slack: FakeSlack;

beforeEach(async () => {
  // The delivery automation alone; the post-purchase messages have their own scenarios (post-purchase.test.ts).
  s = await startScenario({ builtInFlows: deliveryFlows });
  ({ h, klaviyo, slack } = s);
});
afterEach(() => s.close());

const shopify = (topic: string, body: string, webhookId: string) => s.shopify(topic, body, webhookId);
const easypost = (eventId: string, scans: Scan[], estimate?: string) => s.easypost(eventId, scans, estimate);
const at = (iso: string) => s.at(iso);
const orderApi = async () => (await h.app.server.inject({ method: "GET", url: `/api/orders/${ORDER_ID}`, headers: bearer })).json();

const label: Scan = { at: "2026-11-03T16:00:00.000Z", status: "pre_transit", detail: "label_created" };
const pickup: Scan = { at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" };

/** Order Monday 2 Nov; shipped Tuesday; picked up Wednesday; then the carrier goes quiet. */
async function placeAndShip(total = "404.95") {
  await shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z", total }), "w-order");
  await at("2026-11-02T09:00:01.000Z");
  await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" }), "w-fulfillment");
  await easypost("evt_label", [label]);
  await easypost("evt_pickup", [label, pickup]);
  await at("2026-11-04T12:00:00.000Z");
}

describe("delayed shipment → Order Delayed event and an ops hold, before the customer asks", () => {
  it("turns carrier silence into a notice through a durable timer, then releases the hold on delivery", async () => {
    await placeAndShip();
    expect(klaviyo.events).toHaveLength(0);
    const journey = (await orderApi()).journey;
    expect(journey.shipments[0]).toMatchObject({ trackingNumber: TRACKING, tag: "InTransit" });
    expect(journey.promisedBy).toBe("2026-11-11T23:59:59.999Z"); // 2 processing + 5 transit business days

    // Last scan Wednesday; Thursday, Friday, Monday and Tuesday pass with no scan. Tuesday noon is not yet enough.
    await at("2026-11-10T12:00:00.000Z");
    expect(klaviyo.events).toHaveLength(0);

    // Once Tuesday has ended, 4 whole business days have gone silent: the timer fires with no webhook at all.
    await at("2026-11-11T08:00:00.000Z");
    expect(klaviyo.events).toHaveLength(1);
    const event = klaviyo.events[0] as { data: { attributes: Record<string, any> } };
    expect(event.data.attributes.metric.data.attributes.name).toBe("Order Delayed");
    expect(event.data.attributes.unique_id).toBe(`delay-notice:${SHOP}:${ORDER_ID}:${TRACKING}:transit_stalled`);
    expect(event.data.attributes.profile.data.attributes.email).toBe("jon@example.com");
    expect(event.data.attributes.properties).toMatchObject({ order_id: ORDER_ID, order_name: "#9999", tracking_number: TRACKING, reason: "transit_stalled" });
    expect(event.data.attributes.value).toBe(404.95);
    const profile = [...klaviyo.profiles.values()].find((p) => p.attributes.email === "jon@example.com");
    expect(profile?.properties).toMatchObject({ ops_hold: true, ops_hold_reason: "transit_stalled", ops_hold_order: "#9999" });

    // The promise (end of Wed 11 Nov) passes: a second reason, a second notice — once.
    await at("2026-11-12T08:00:00.000Z");
    await at("2026-11-12T09:00:00.000Z");
    expect(klaviyo.events.map((e: any) => e.data.attributes.properties.reason)).toEqual(["transit_stalled", "edd_missed"]);

    // Delivered: the hold is released and ops_hold cleared on the profile.
    await easypost("evt_delivered", [label, pickup, { at: "2026-11-12T15:00:00.000Z", status: "delivered", detail: "arrived_at_destination" }]);
    await at("2026-11-12T16:00:00.000Z");
    expect(profile?.properties.ops_hold).toBe(false);
    expect(profile?.properties).not.toHaveProperty("ops_hold_reason");
    expect(klaviyo.duplicates).toBe(0);

    // Every decision explains itself, and the order's timeline shows it.
    const api = await orderApi();
    const decisions = api.timeline.filter((e: any) => e.type === "decision");
    expect(decisions.map((d: any) => d.summary)).toEqual([
      expect.stringMatching(/delay-notice v3 fired: signal.raised transit_stalled \(.*no carrier scan.*\): .*customer.email is "jon@example.com".*hold-unless-held: not \(.* is false\); run completed, enqueued 2 action/),
      expect.stringMatching(/delay-notice v3 fired: signal.raised edd_missed .*hold-unless-held: not \(.* is true\); run completed, enqueued 1 action/),
      expect.stringMatching(/hold-release v2 fired: shipment.status_changed: no conditions; last-hold: size\(holds\) is 1(\.0)?, expected <= 1(\.0)?; run completed, enqueued 1 action/),
    ]);
    expect(decisions[0].detail.comparisons.map((c: any) => c.text)).toEqual(["order.cancelled_at is null, expected == null", 'shipment.tag is "InTransit", expected != "Delivered"', 'the customer can be reached: customer.email is "jon@example.com", expected != null']);
    expect(api.timeline.some((e: any) => e.type === "event" && /timer transit_stalled/.test(e.summary))).toBe(true);
    const outbox = (await h.app.server.inject({ method: "GET", url: "/api/outbox?status=delivered", headers: bearer })).json().actions;
    expect(outbox).toHaveLength(4); // 2 notices, hold, release
  });

  it("records why it did not notify: no e-mail on the order", async () => {
    await shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z", email: null }), "w-order");
    await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" }), "w-f");
    await easypost("evt_pickup", [label, pickup]);
    await at("2026-11-11T08:00:00.000Z");
    expect(klaviyo.events).toHaveLength(0);
    const decisions = await h.app.store.decisionsForOrder(SHOP, ORDER_ID);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ rule: "delay-notice", outcome: "skipped" });
    expect(decisions[0]!.reason).toMatch(/not run because the customer can be reached: customer.email is null, expected != null/);
  });

  it("a carrier-declared delay notifies at once, and a duplicate or replayed scan never notifies twice", async () => {
    await placeAndShip();
    const weather: Scan = { at: "2026-11-05T08:00:00.000Z", status: "in_transit", detail: "weather_delay" };
    await easypost("evt_weather", [label, pickup, weather]);
    await easypost("evt_weather", [label, pickup, weather]); // the carrier resends
    await at("2026-11-05T09:00:00.000Z");
    expect(klaviyo.events.map((e: any) => e.data.attributes.properties.reason)).toEqual(["carrier_delay"]);
    // Rebuild folds the whole log again with rules off: same journeys, nothing re-sent.
    const live = await journeysDigest(h.app.store);
    await rebuildProjections(h.app.store, h.app.config);
    expect(await journeysDigest(h.app.store)).toEqual(live);
    await at("2026-11-05T10:00:00.000Z");
    expect(klaviyo.received).toHaveLength(1);
  });
});

describe("shipment exception → team alert, and escalation for human review when it matters", () => {
  const lost: Scan = { at: "2026-11-05T11:00:00.000Z", status: "failure", detail: "lost", message: "Package lost in transit" };

  it("escalates a lost parcel on a 404.95 order", async () => {
    await placeAndShip("404.95");
    await easypost("evt_lost", [label, pickup, lost]);
    await at("2026-11-05T12:00:00.000Z");
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toMatch(/ESCALATED/);
    expect(slack.messages[0]!.idempotencyKey).toBe(`exception-alert:${SHOP}:${ORDER_ID}:${TRACKING}:Exception_013`);
    const review = (await h.app.server.inject({ method: "GET", url: "/api/outbox?status=awaiting_review", headers: bearer })).json().actions;
    expect(review).toHaveLength(1);
    expect(review[0].payload).toMatchObject({ kind: "lost", order_name: "#9999", tracking_number: "1z827wk74630" });
    const [decision] = await h.app.store.decisionsForOrder(SHOP, ORDER_ID);
    expect(decision!.reason).toMatch(/delivery_exception \(.*lost.*\): no conditions; worth-a-human: order.total_price is 404.95, expected >= shop.settings.escalation.order_value \(150.0\)/);
  });

  it("alerts without escalating a small order from a first-time customer, and says why", async () => {
    await placeAndShip("20.00");
    await easypost("evt_lost", [label, pickup, lost]);
    await at("2026-11-05T12:00:00.000Z");
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).not.toMatch(/ESCALATED/);
    expect((await h.app.store.listOutbox({ status: "awaiting_review" }))).toHaveLength(0);
    const [decision] = await h.app.store.decisionsForOrder(SHOP, ORDER_ID);
    expect(decision!.reason).toMatch(/worth-a-human: order.total_price is 20.0, expected >= shop.settings.escalation.order_value \(150.0\) and customer.orders_count is 1.0, expected >= shop.settings.escalation.customer_orders \(3.0\)/);
  });
});
