import { afterEach, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.js";
import { shuffle } from "../core/builders.js";
import { journeysDigest } from "../../src/cli/rebuild.js";
import { easypostHeaders, SHOP, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, ORDER_ID, orderBody, type Scan } from "../helpers/payloads.js";

interface Delivery { url: string; payload: string; headers: Record<string, string> }

const scans: Scan[] = [
  { at: "2026-11-02T16:00:00.000Z", status: "pre_transit", detail: "label_created" },
  { at: "2026-11-03T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" },
  { at: "2026-11-03T22:00:00.000Z", status: "in_transit", detail: "departed_facility" },
  { at: "2026-11-04T07:00:00.000Z", status: "out_for_delivery", detail: "out_for_delivery" },
  { at: "2026-11-04T09:00:00.000Z", status: "delivered", detail: "arrived_at_destination" },
];

/** One order's life as the webhooks that carry it: order, an update, fulfillment, five tracker events. */
function deliveries(): Delivery[] {
  const shopify = (topic: string, body: string, id: string): Delivery => ({ url: "/webhooks/shopify", payload: body, headers: shopifyHeaders(topic, body, { webhookId: id }) });
  const out: Delivery[] = [
    shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z" }), "w1"),
    shopify("orders/updated", orderBody({ createdAt: "2026-11-02T09:00:00.000Z", updatedAt: "2026-11-02T09:30:00.000Z", financialStatus: "partially_refunded" }), "w2"),
    shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-02T15:00:00.000Z" }), "w3"),
  ];
  scans.forEach((_, i) => {
    const body = easypostBody({ eventId: `evt_${i}`, scans: scans.slice(0, i + 1), estimate: "2026-11-05T00:00:00Z" });
    out.push({ url: "/webhooks/tracking/easypost", payload: body, headers: easypostHeaders(body) });
  });
  return out;
}


let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

/** Sends the deliveries one by one, folding after each (so every intermediate state is projected). */
async function run(list: Delivery[]) {
  const h = await startHarness({}, "2026-11-04T12:00:00.000Z");
  harnesses.push(h);
  const statuses: string[] = [];
  for (const d of list) {
    const res = await h.app.server.inject({ method: "POST", ...d });
    expect(res.statusCode).toBe(200);
    statuses.push(res.json().status);
    await h.app.worker.runUntilIdle();
  }
  const journey = await h.app.store.getJourney(SHOP, ORDER_ID);
  return { journey, statuses, digest: await journeysDigest(h.app.store), events: (await h.app.store.listEvents({ limit: 1000 })).length };
}

describe("duplicate and out-of-order storms converge to the same journey", () => {
  it("in order, and three copies of every delivery in five shuffled orders, give the same journey", async () => {
    const base = deliveries();
    const inOrder = await run(base);
    expect(inOrder.journey).toMatchObject({ financialStatus: "partially_refunded", shipments: [expect.objectContaining({ tag: "Delivered", deliveredAt: "2026-11-04T09:00:00.000Z" })] });
    expect(inOrder.journey!.shipments[0]!.checkpoints).toHaveLength(5);

    for (let seed = 1; seed <= 5; seed++) {
      const storm = shuffle([...base, ...base, ...base], seededRandom(seed));
      const result = await run(storm);
      expect(result.events, `seed ${seed}`).toBe(base.length);
      expect(result.statuses.filter((s) => s === "duplicate")).toHaveLength(base.length * 2);
      expect(result.journey, `seed ${seed}`).toEqual(inOrder.journey);
      expect(result.digest).toEqual(inOrder.digest);
    }
  });

  it("a carrier scan that arrives before its order and fulfillment is folded in once they arrive", async () => {
    const [order, update, fulfillment, ...tracking] = deliveries();
    const result = await run([...tracking, update!, fulfillment!, order!]);
    expect(result.journey!.shipments[0]).toMatchObject({ tag: "Delivered", checkpoints: expect.any(Array) });
    expect(result.journey!.shipments[0]!.checkpoints).toHaveLength(5);
    expect(result.journey!.name).toBe("#9999");
  });
});
