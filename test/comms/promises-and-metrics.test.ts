import { describe, expect, it } from "vitest";
import { judgePromises, type DeliveryPromise } from "../../src/core/promise.js";
import { commsMetrics } from "../../src/core/comms-metrics.js";
import type { OutboxAction } from "../../src/core/outbox.js";

const p = (metric: string, promisedBy: string, toldAt: string, shipmentKey: string | null = "1Z"): DeliveryPromise => ({ shop: "s", orderId: "1", shipmentKey, promisedBy, metric, toldAt, sourceKey: `${metric}:${toldAt}` });

describe("judgePromises", () => {
  const ledger = [p("Order Confirmed", "2026-11-11T23:59:59.999Z", "2026-11-02T09:00:00.000Z", null), p("Order Delayed", "2026-11-14T00:00:00.000Z", "2026-11-12T08:00:00.000Z")];
  it("marks a passed promise missed, and a later one open, before delivery", () => {
    const j = judgePromises(ledger, [{ shipmentKey: "1Z", deliveredAt: null }], new Date("2026-11-12T09:00:00.000Z"));
    expect(j.map((x) => x.outcome)).toEqual(["missed", "open"]);
  });
  it("judges by the delivery once it happened", () => {
    const j = judgePromises(ledger, [{ shipmentKey: "1Z", deliveredAt: "2026-11-13T10:00:00.000Z" }], new Date("2026-11-20T00:00:00.000Z"));
    expect(j.map((x) => x.outcome)).toEqual(["missed", "kept"]);
    expect(j[1]!.explanation).toMatch(/by the promised/);
  });
  it("a date replaced before it came due is superseded, not missed", () => {
    const early = [p("Order Shipped", "2026-11-11T00:00:00.000Z", "2026-11-03T00:00:00.000Z"), p("Order Delayed", "2026-11-14T00:00:00.000Z", "2026-11-09T00:00:00.000Z")];
    expect(judgePromises(early, [{ shipmentKey: "1Z", deliveredAt: null }], new Date("2026-11-12T00:00:00.000Z")).map((x) => x.outcome)).toEqual(["superseded", "open"]);
  });
});

const action = (over: Partial<OutboxAction>): OutboxAction => ({
  id: "a",
  shop: "s",
  idempotencyKey: "k",
  channel: "notify.customer",
  orderId: "1",
  decisionId: null,
  payload: { metric: "Order Delayed", properties: { shipment: "1Z" } },
  status: "delivered",
  createdAt: "2026-11-05T00:00:00.000Z",
  attempts: 1,
  nextAttemptAt: "2026-11-05T00:00:00.000Z",
  lastError: null,
  claimedBy: null,
  leaseUntil: null,
  deliveredAt: "2026-11-05T00:00:00.000Z",
  updatedAt: "2026-11-05T00:00:00.000Z",
  ...over,
});

describe("commsMetrics", () => {
  const actions = [
    action({ id: "1" }),
    action({ id: "2", payload: { metric: "Order Shipped", properties: {} } }),
    action({ id: "3", status: "skipped", lastError: "STALE: old news" }),
    action({ id: "4", status: "dead", channel: "alert.team", lastError: "UNAUTHORIZED (HTTP 401): bad key" }),
    action({ id: "5", updatedAt: "2026-12-05T00:00:00.000Z", payload: { metric: "Order Shipped", properties: {} } }),
  ];
  const delayed = [
    { shop: "s", orderId: "1", shipmentKey: "1Z", since: "2026-11-04T00:00:00.000Z" },
    { shop: "s", orderId: "1", shipmentKey: "1Z", since: "2026-11-06T00:00:00.000Z" }, // the same shipment, a second signal
    { shop: "s", orderId: "2", shipmentKey: "2Z", since: "2026-11-06T00:00:00.000Z" },
  ];
  it("counts sends by metric, skips by reason, failures by cause, and the proactive-notice rate", () => {
    const m = commsMetrics({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T23:59:59.999Z", actions, customerChannel: "notify.customer", delayed });
    expect(m).toMatchObject({ sentByMetric: { "Order Delayed": 1, "Order Shipped": 1 }, skippedByReason: { STALE: 1 }, failuresByCause: { UNAUTHORIZED: 1 }, delayedShipments: 2, notifiedBeforeContact: 1, proactiveNoticeRate: 0.5 });
  });
  it("a WISMO contact before the notice does not count as proactive", () => {
    const m = commsMetrics({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T23:59:59.999Z", actions, customerChannel: "notify.customer", delayed, contactedBefore: () => true });
    expect(m.proactiveNoticeRate).toBe(0);
    expect(m.definition).toMatch(/before any WISMO contact/);
  });
});
