import { afterEach, expect, it } from "vitest";
import type { NormalizedPayload } from "../../src/core/normalized.js";
import { loadOrderEvents, loadOrdersEvents } from "../../src/ingest/projector.js";
import type { Store } from "../../src/store/port.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { onEveryBackend } from "../store/backends.js";
import { delivery, trackingPayload } from "../store/builders.js";

const SHOP = "demo.myshopify.com";

const fulfillment = (orderId: string, trackingNumbers: string[]): NormalizedPayload => ({
  kind: "fulfillment.upserted",
  orderId,
  fulfillmentId: `f-${orderId}`,
  name: `#${orderId}.1`,
  status: "success",
  tag: null,
  subtag: null,
  carrier: "USPS",
  trackingNumbers,
  trackingUrl: null,
  createdAt: "2026-03-01T10:00:00.000Z",
  updatedAt: "2026-03-01T10:00:00.000Z",
});
const scan = (trackingNumber: string) => delivery({ source: "easypost", orderKey: null, trackingKey: trackingNumber, payload: trackingPayload(trackingNumber) });

/**
 * A replay reads the history of many orders at once; each order's events must be what the
 * projector reads for it alone: its own events, the scans of numbers linked to it, and the scans
 * of numbers its fulfillments name that are linked to another order or to none yet.
 */
onEveryBackend("loading many orders' events", (open) => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it("gives each order what loadOrderEvents gives it alone, in seq order", async () => {
    const store = await open();
    opened.push(store);
    await store.append([
      delivery({ orderKey: "a" }),
      delivery({ orderKey: "a", payload: fulfillment("a", ["1Z-A", "1Z-SHARED", "1Z-UNLINKED"]) }),
      scan("1Z-A"),
      delivery({ orderKey: "b", payload: fulfillment("b", ["1Z-SHARED"]) }),
      scan("1Z-SHARED"),
      scan("1Z-UNLINKED"),
      scan("1Z-A"),
      delivery({ orderKey: "c" }),
    ]);
    // 1Z-SHARED is linked to b (its fulfillment came later); 1Z-UNLINKED to nobody yet.
    await store.applyProjection({ ...emptyProjectionWrite(), trackingLinks: [{ shop: SHOP, trackingNumber: "1Z-A", orderId: "a" }, { shop: SHOP, trackingNumber: "1Z-SHARED", orderId: "b" }] });
    const orders = ["a", "b", "c", "none"].map((orderId) => ({ shop: SHOP, orderId }));
    const together = await loadOrdersEvents(store, orders);
    expect(together.map((o) => o.orderId).sort()).toEqual(["a", "b", "c", "none"]);
    for (const o of together) {
      const alone = await loadOrderEvents(store, SHOP, o.orderId);
      expect(o.events.map((e) => e.id)).toEqual(alone.map((e) => e.id));
      expect(o.events.map((e) => e.seq)).toEqual([...o.events.map((e) => e.seq)].sort((x, y) => x - y));
    }
    // Order a reads the scans of all three numbers its fulfillment names: 2 of 1Z-A, 1 shared, 1 unlinked.
    expect(together.find((o) => o.orderId === "a")!.events.filter((e) => e.payload.kind === "tracking.updated")).toHaveLength(4);
  });
});
