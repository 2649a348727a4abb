import { expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { onEveryBackend } from "./backends.js";
import { delivery, SHOP } from "./builders.js";

const at = (day: string) => `2026-11-${day}T00:00:00.000Z`;

/** The event log by source time (a replay's window), on every backend. */
function eventsByTimeContract(open: () => Promise<Store>) {
  it("finds a window's events in arrival order, a late arrival included, and only the keys of earlier ones", async () => {
    const store = await open();
    try {
      const stored = await store.append([
        delivery({ orderKey: "o1", occurredAt: at("01") }),
        delivery({ orderKey: null, trackingKey: "1Z1", occurredAt: at("02") }),
        delivery({ orderKey: "o1", occurredAt: at("05") }),
        delivery({ orderKey: "o2", trackingKey: "1Z2", occurredAt: at("10") }),
        delivery({ orderKey: "o3", occurredAt: at("20") }),
        delivery({ orderKey: "o4", occurredAt: at("06"), shop: "other.myshopify.com" }), // arrives late, with an earlier source time
        delivery({ orderKey: "o1", occurredAt: at("03") }),
      ]);
      const ids = stored.map((r) => r.eventId);
      expect((await store.listEventsBySourceTime(at("05"), at("10"))).map((e) => e.id)).toEqual([ids[2], ids[3], ids[5]]);
      expect((await store.listEventsBySourceTime(at("21"), at("30"))).map((e) => e.id)).toEqual([]);
      expect((await store.listEventsBySourceTime(at("05"), at("10")))[0]).toEqual((await store.listEvents({ fromSeq: 1 }))[2]);
      // Counted without reading: what a replay checks its window's size with, the clock's own left out if asked.
      expect(await store.countEventsBySourceTime(at("05"), at("10"))).toBe(3);
      expect(await store.countEventsBySourceTime(at("01"), at("20"))).toBe(7);
      expect(await store.countEventsBySourceTime(at("21"), at("30"))).toBe(0);
      await store.append([delivery({ orderKey: "o2", source: "clock", occurredAt: at("07") })]);
      expect(await store.countEventsBySourceTime(at("05"), at("10"))).toBe(4);
      expect(await store.countEventsBySourceTime(at("05"), at("10"), "clock")).toBe(3);
      expect(await store.countEventsBySourceTime(at("05"), at("10"), "easypost")).toBe(4);

      // Of the keys asked about, those with an event before the instant; a key of another shop, or asked twice, is its own.
      const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
      const asked = {
        orders: ["o1", "o2", "o3", "o4", "o1", "nobody"].map((orderId) => ({ shop: SHOP, orderId })).concat([{ shop: "other.myshopify.com", orderId: "o4" }]),
        tracking: [{ shop: SHOP, trackingNumber: "1Z1" }, { shop: SHOP, trackingNumber: "1Z2" }, { shop: "other.myshopify.com", trackingNumber: "1Z1" }],
      };
      const keys = await store.eventKeysBefore(at("05"), asked);
      expect(sorted(keys.orders)).toEqual(sorted([{ shop: SHOP, orderId: "o1" }]));
      expect(sorted(keys.tracking)).toEqual(sorted([{ shop: SHOP, trackingNumber: "1Z1" }]));
      const later = await store.eventKeysBefore(at("11"), asked);
      expect(sorted(later.orders)).toEqual(sorted([{ shop: SHOP, orderId: "o1" }, { shop: SHOP, orderId: "o2" }, { shop: "other.myshopify.com", orderId: "o4" }]));
      expect(sorted(later.tracking)).toEqual(sorted([{ shop: SHOP, trackingNumber: "1Z1" }, { shop: SHOP, trackingNumber: "1Z2" }]));
      expect(await store.eventKeysBefore(at("30"), { orders: [], tracking: [] })).toEqual({ orders: [], tracking: [] });
      expect(await store.earliestEventAt()).toBe(at("01"));
    } finally {
      await store.close();
    }
  });

  it("has no earliest event when the log is empty", async () => {
    const store = await open();
    try {
      expect(await store.earliestEventAt()).toBeNull();
    } finally {
      await store.close();
    }
  });
}

onEveryBackend("events by source time", eventsByTimeContract);
