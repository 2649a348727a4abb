import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { buildFlowContext } from "../../../src/flows/engine/context.js";
import { withFields } from "../../../src/core/with-fields.js";
import { compileExpr } from "../../../src/flows/conditions/compile.js";
import { hold, journey, SHOP, signal, signalTrigger, TRACKING, deliveredTrigger } from "../catalog/flow-context.js";

/** A journey that counts how often its shipments are looked at: the views of a context are built from them. */
function watched() {
  const j = journey({ customerTimeZone: "America/New_York" });
  let reads = 0;
  const shipments = j.shipments;
  Object.defineProperty(j, "shipments", { get: () => (reads++, shipments), enumerable: true });
  return { j, reads: () => reads };
}

const evaluate = (source: string, ctx: Record<string, unknown>) => {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(c.message);
  return c.expr.evaluate(ctx);
};

describe("a flow's context", () => {
  it("works out a view only when an expression reads it, and once", () => {
    const { j, reads } = watched();
    const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: j, trigger: signalTrigger(signal("edd_missed")), customerOrders: 4, activeHolds: [], now: "2026-11-20T10:00:00.000Z" });
    // A filter on the trigger's own facts touches no view of the journey.
    expect(evaluate('signal.name == "edd_missed" && now == "2026-11-20T10:00:00.000Z"', ctx)).toEqual({ ok: true, value: true });
    expect(reads()).toBe(0);
    expect(evaluate('shipment.tag == "InTransit"', ctx)).toEqual({ ok: true, value: true });
    const afterShipment = reads();
    expect(afterShipment).toBeGreaterThan(0);
    expect(evaluate("shipment.key", ctx)).toEqual({ ok: true, value: TRACKING });
    expect(ctx["shipment"]).toBe(ctx["shipment"]);
    expect(reads()).toBe(afterShipment);
  });

  it("reads like the plain object it stands for: copies and JSON see every view", () => {
    const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: journey({ customerTimeZone: "America/Chicago" }), trigger: deliveredTrigger(), customerOrders: 2, activeHolds: [hold()] });
    const copy = withFields(ctx, { now: "2026-11-20T10:00:00.000Z" }) as Record<string, unknown>;
    const plain = JSON.parse(JSON.stringify(ctx)) as Record<string, any>;
    for (const view of ["order", "shipment", "customer", "holds", "shop"]) expect(Object.getOwnPropertyDescriptor(copy, view)?.value).toEqual(plain[view]);
    expect(plain.customer).toMatchObject({ key: "115310627314723954", orders_count: 2, active_holds: 1, time_zone: "America/Chicago" });
    expect(plain.holds).toEqual([expect.objectContaining({ shipment_key: TRACKING, reason: "edd_missed" })]);
    expect(plain.shipment).toMatchObject({ key: TRACKING, tag: "InTransit" });
    expect(plain.order).toMatchObject({ id: "820982911946154508", total_price: 404.95 });
    expect(plain.shop.domain).toBe(SHOP);
    // A trigger's facts come in beside the views: its `event` replaces the generic one.
    expect(plain.previous_tag).toBe("OutForDelivery");
    expect(plain.event).toMatchObject({ type: "shipment.status_changed", tag: "Delivered" });
  });

  it("keeps the views when a trigger's facts carry the same names", () => {
    const trigger = { ...deliveredTrigger(), facts: { order: "not the order", shipment: null, event: { type: "timer.fired", timer: "x" } } };
    const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: journey(), trigger, customerOrders: 1, activeHolds: [] });
    expect(evaluate("order.name", ctx)).toEqual({ ok: true, value: "#1001" });
    expect(evaluate("shipment.key", ctx)).toEqual({ ok: true, value: TRACKING });
    expect(evaluate("event.timer", ctx)).toEqual({ ok: true, value: "x" });
  });
});
