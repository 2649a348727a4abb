import { describe, expect, it } from "vitest";
import { LATEST_ORDERS, summarize } from "../../src/server/summary.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { action, journey, run, write } from "../store/builders.js";

describe("the live page's summary", () => {
  it("counts every order, outbox action and run, and gives the shipment figures of the latest orders", async () => {
    const store = new MemoryStore();
    const asOf = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString();
    // More orders than the shipment figures look at; the oldest three are the ones left out of them.
    const journeys = Array.from({ length: LATEST_ORDERS + 3 }, (_, i) => journey(`o-${i}`, { asOf: asOf(i) }));
    const exception = { name: "delivery_exception" as const, shipmentKey: null, since: asOf(0), detail: "carrier reports an exception", facts: {} };
    journeys[0] = journey("o-0", { asOf: asOf(0), signals: [exception] });
    journeys[LATEST_ORDERS + 2] = journey(`o-${LATEST_ORDERS + 2}`, { asOf: asOf(LATEST_ORDERS + 2), signals: [exception] });
    await store.applyProjection(
      write({
        journeys,
        outbox: [action("a-1"), action("a-2", { status: "awaiting_review" })],
        runs: [run({ id: "r-1", status: "waiting" }), run({ id: "r-2", status: "completed" }), run({ id: "r-3", status: "completed" })],
      }),
    );
    const s = await summarize(store, new Date("2026-04-01T00:00:00.000Z"));
    expect(s.orders).toBe(LATEST_ORDERS + 3);
    expect(s.latestOrders).toBe(LATEST_ORDERS);
    expect(s.exceptions).toBe(1);
    expect(s.outboxByStatus).toEqual({ pending: 1, awaiting_review: 1 });
    expect(s.runsByStatus).toEqual({ waiting: 1, completed: 2 });
    expect(s.recent[0]!.order_id).toBe(`o-${LATEST_ORDERS + 2}`);
  });
});
