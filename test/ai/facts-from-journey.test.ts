import { describe, expect, it } from "vitest";
import { factsFromJourney } from "../../src/ai/drafts/facts-from-journey.js";
import { OrderFacts } from "../../src/ai/drafts/order-facts.js";
import { projectJourney } from "../../src/core/journey-project.js";
import { ShopSettings, defaultShopSettings } from "../../src/core/settings.js";
import { checkpoint, fulfillment, ORDER_ID, order, SHOP, stored, TRACKING, tracking } from "../core/builders.js";

const placed = stored(order()); // Mon 2 Nov 14:00 UTC, promise Mon + 7 business days
const shipped = stored(fulfillment()); // Tue 3 Nov 09:00
const moving = (estimate: string) =>
  stored(tracking([checkpoint("2026-11-03T20:00:00.000Z", "InTransit", "InTransit_002")], { estimatedDeliveryAt: estimate }));

describe("factsFromJourney", () => {
  it("reads the live journey into valid order facts, dates in the shop's calendar", () => {
    const j = projectJourney(SHOP, ORDER_ID, [placed, shipped, moving("2026-11-06T00:00:00.000Z")], defaultShopSettings);
    const facts = factsFromJourney(j, { calendar: defaultShopSettings.calendar, customerFirstName: "Jon" });
    expect(OrderFacts.parse(facts)).toEqual(facts);
    expect(facts).toMatchObject({
      orderName: "#1001",
      customerFirstName: "Jon",
      orderedOn: "2026-11-02",
      cancelled: false,
      totals: { total: "199.00", currency: "USD" },
      shipments: [{ carrier: "UPS", trackingNumber: TRACKING, tag: "InTransit", shippedOn: "2026-11-03" }],
    });
    expect(facts!.shipments[0]!.expectedDelivery).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("carries a revised estimate with the one before it", () => {
    const j = projectJourney(SHOP, ORDER_ID, [placed, shipped, moving("2026-11-20T00:00:00.000Z")], defaultShopSettings);
    const s = factsFromJourney(j, { calendar: defaultShopSettings.calendar, customerFirstName: null })!.shipments[0]!;
    expect(s.signals).toContain("edd_revised");
    expect(s.previousExpectedDelivery).toBe("2026-11-11"); // the merchant promise
  });

  it("gives the local date, not the UTC one, in a shop west of UTC", () => {
    const denver = ShopSettings.parse({ calendar: { timeZone: "America/Denver" } });
    const late = stored(order({ createdAt: "2026-11-03T02:00:00.000Z" })); // 7 pm on 2 Nov in Denver
    const j = projectJourney(SHOP, ORDER_ID, [late], denver);
    expect(factsFromJourney(j, { calendar: denver.calendar, customerFirstName: null })?.orderedOn).toBe("2026-11-02");
  });

  it("is null while only tracking is known", () => {
    const j = projectJourney(SHOP, ORDER_ID, [moving("2026-11-06T00:00:00.000Z")], defaultShopSettings);
    expect(factsFromJourney(j, { calendar: defaultShopSettings.calendar, customerFirstName: null })).toBeNull();
  });
});
