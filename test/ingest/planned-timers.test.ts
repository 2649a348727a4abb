import { describe, expect, it } from "vitest";
import { projectJourney } from "../../src/core/journey-project.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { plannedTimers } from "../../src/core/timers.js";
import { PlannedTimers } from "../../src/ingest/planned-timers.js";
import { ORDER_ID, order, SHOP, stored } from "../core/builders.js";

const journey = projectJourney(SHOP, ORDER_ID, [stored(order())], defaultShopSettings);

describe("PlannedTimers (a replay group's memo of each order's last plan)", () => {
  it("hands back what the last fold planned only for that very journey and settings; anything else is planned afresh", () => {
    const memo = new PlannedTimers();
    // A plan no journey would make: only a hit can hand it back.
    const remembered = [{ shop: SHOP, orderId: ORDER_ID, name: "remembered", dueAt: "2026-11-05T00:00:00.000Z" }];
    memo.remember(SHOP, ORDER_ID, journey, defaultShopSettings, remembered);
    expect(memo.timersOf(SHOP, ORDER_ID, journey, defaultShopSettings)).toBe(remembered);

    const fresh = plannedTimers(journey, defaultShopSettings);
    expect(fresh.map((t) => t.name)).toEqual(["fulfillment_stalled:order"]);
    // The same journey read afresh (as the server's store reads it), other settings, another order: planned again.
    expect(memo.timersOf(SHOP, ORDER_ID, structuredClone(journey), defaultShopSettings)).toEqual(fresh);
    expect(memo.timersOf(SHOP, ORDER_ID, journey, structuredClone(defaultShopSettings))).toEqual(fresh);
    expect(memo.timersOf(SHOP, "another", journey, defaultShopSettings)).toEqual(fresh);
    // Each memo is its own: a new one (the next group's) knows nothing of the last.
    expect(new PlannedTimers().timersOf(SHOP, ORDER_ID, journey, defaultShopSettings)).toEqual(fresh);
  });
});
