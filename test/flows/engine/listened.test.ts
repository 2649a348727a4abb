import { describe, expect, it } from "vitest";
import { listenedFor, listenedTypes } from "../../../src/flows/engine/listened.js";
import { deriveTriggers } from "../../../src/flows/engine/triggers.js";
import type { FlowDefLike } from "../../../src/flows/engine/orchestrate.js";
import type { FlowRun } from "../../../src/flows/engine/run.js";
import type { StoredEvent } from "../../../src/core/event.js";
import type { Journey, Signal } from "../../../src/core/journey.js";

const flow = (id: string, events: string[], steps: FlowDefLike["steps"] = []): FlowDefLike => ({ id, version: 1, description: id, trigger: { events }, steps });

// A wait nested in every block a step can hold: branch arms, a timeout path, a rejection path.
const nested = flow("nested", ["order.upserted"], [
  {
    id: "b",
    branch: {
      if: "true",
      then: [{ id: "w1", wait: { for: { event: "fulfillment.upserted" }, timeout: "1d", on_timeout: [{ id: "w2", wait: { for: { event: "refund.created" }, timeout: "1d" } }] } }],
      else: [{ id: "a", approval: { title: "ok?", on_reject: [{ id: "w3", wait: { for: { event: "return.updated" }, timeout: "1d" } }] } }],
    },
  },
]);

describe("the trigger types anything listens to", () => {
  it("are the flows' trigger events, every nested wait's event, and the timers that wake runs", () => {
    const types = listenedTypes([flow("f", ["signal.raised", "shipment.status_changed"]), nested]);
    expect([...types].sort()).toEqual(["fulfillment.upserted", "order.upserted", "refund.created", "return.updated", "shipment.status_changed", "signal.raised", "timer.fired"]);
    expect(types.has("tracking.updated")).toBe(false);
  });

  it("include what a waiting run of an older version waits for, though no current flow names it", () => {
    const flows = [flow("f", ["order.upserted"])];
    const waiting = { status: "waiting", wait: { stepId: "w", kind: "event", dueAt: "2026-01-02T00:00:00Z", event: "tracking.updated", match: null } } as unknown as FlowRun;
    const done = { status: "completed", wait: null } as unknown as FlowRun;
    expect(listenedFor(flows, [done])("tracking.updated")).toBe(false);
    expect(listenedFor(flows, [done, waiting])("tracking.updated")).toBe(true);
    expect(listenedFor(flows, [waiting])("order.upserted")).toBe(true);
  });
});

describe("deriveTriggers with a listener filter", () => {
  const scan = { id: "e1", seq: 1, shop: "s", source: "aftership", topic: "tracking", occurredAt: "2026-01-01T10:00:00.000Z", receivedAt: "2026-01-01T10:00:00.000Z", deliveryId: "d1", orderKey: null, trackingKey: "1Z", payload: { kind: "tracking.updated", trackingNumber: "1Z" }, rawBodyId: null } as unknown as StoredEvent;
  const signal: Signal = { name: "transit_stalled", shipmentKey: "1Z", since: "2026-01-01T00:00:00.000Z", detail: "no scan", facts: {} };
  const before = { shipments: [{ key: "1Z", tag: "InTransit" }], signals: [], createdAt: "2026-01-01T00:00:00.000Z" } as unknown as Journey;
  const after = { shipments: [{ key: "1Z", tag: "Delivered", lastScanAt: "2026-01-01T10:00:00.000Z" }], signals: [signal], createdAt: "2026-01-01T00:00:00.000Z", asOf: "2026-01-01T10:00:00.000Z" } as unknown as Journey;

  it("builds every trigger when everything listens, and only the wanted types otherwise", () => {
    const all = deriveTriggers([scan], before, after, [signal], []);
    expect(all.map((t) => t.type)).toEqual(["tracking.updated", "signal.raised", "shipment.status_changed"]);
    const some = deriveTriggers([scan], before, after, [signal], [], (t) => t === "shipment.status_changed");
    expect(some.map((t) => t.type)).toEqual(["shipment.status_changed"]);
    // The kept trigger is the same as when everything is built: its key names the fact, not the filter.
    expect(some[0]).toEqual(all[2]);
  });
});
