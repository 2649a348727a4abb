import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { buildFlowContext, extendContext } from "../../../src/flows/engine/context.js";
import { evaluateCondition } from "../../../src/flows/conditions/explain.js";
import { compileTemplate, renderTemplate } from "../../../src/flows/conditions/template.js";
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

  it("holds its views as plain values, and the trigger's facts as its own fields", () => {
    const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: journey({ customerTimeZone: "America/Chicago" }), trigger: deliveredTrigger(), customerOrders: 2, activeHolds: [hold()] });
    const views = JSON.parse(JSON.stringify(Object.fromEntries(["order", "shipment", "customer", "holds", "shop"].map((v) => [v, ctx[v]])))) as Record<string, any>;
    expect(views.customer).toMatchObject({ key: "115310627314723954", orders_count: 2, active_holds: 1, time_zone: "America/Chicago" });
    expect(views.holds).toEqual([expect.objectContaining({ shipment_key: TRACKING, reason: "edd_missed" })]);
    expect(views.shipment).toMatchObject({ key: TRACKING, tag: "InTransit" });
    expect(views.order).toMatchObject({ id: "820982911946154508", total_price: 404.95 });
    expect(views.shop.domain).toBe(SHOP);
    // A trigger's facts come in beside the views: its `event` replaces the generic one.
    const own = JSON.parse(JSON.stringify(ctx)) as Record<string, any>;
    expect(own.previous_tag).toBe("OutForDelivery");
    expect(own.event).toMatchObject({ type: "shipment.status_changed", tag: "Delivered" });
    // A step's context has the same views (the same objects, worked out once) and fields of its own.
    const step = extendContext(ctx, { now: "2026-11-20T10:00:00.000Z" });
    for (const view of ["order", "shipment", "customer", "holds", "shop"]) expect(step[view]).toBe(ctx[view]);
    expect([step["now"], ctx["now"]]).toEqual(["2026-11-20T10:00:00.000Z", undefined]);
    expect(step["previous_tag"]).toBe("OutForDelivery");
  });

  it("extended for a step, it works out no view until one is read, and reads every variable", () => {
    const { j, reads } = watched();
    const base = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: j, trigger: signalTrigger(signal("edd_missed")), customerOrders: 4, activeHolds: [hold()] });
    const step = extendContext(base, { now: "2026-11-21T08:00:00.000Z", step: { id: "tell" }, input: undefined });
    expect(reads()).toBe(0);
    // The step's own fields, then the trigger's facts, by the shortcut and by the library.
    expect(evaluate('step.id == "tell" && signal.name == "edd_missed"', step)).toEqual({ ok: true, value: true });
    expect(evaluate("has(step.id) && size(holds) == 1", step)).toEqual({ ok: true, value: true });
    expect(reads()).toBe(0);
    const c = compileExpr("order.total_price > 1000.0");
    if (!c.ok) throw new Error(c.message);
    expect(evaluateCondition(c.expr, step)).toMatchObject({ match: false, reason: "order.total_price is 404.95, expected > 1000.0" });
    const t = compileTemplate("{{ shipment.tracking_number }} for {{ customer.orders_count }} orders at {{ now }}");
    if (!t.ok) throw new Error(t.message);
    expect(renderTemplate(t.template, step)).toEqual({ ok: true, value: `${TRACKING} for 4 orders at 2026-11-21T08:00:00.000Z` });
    expect(reads()).toBeGreaterThan(0);
    // The base is left as it was: a step's fields are its own.
    expect(Object.prototype.hasOwnProperty.call(base, "step")).toBe(false);
    expect(evaluate("now", base)).toMatchObject({ ok: false });
    // Object.prototype's members are no variables of a context.
    expect(evaluate("constructor", step)).toMatchObject({ ok: false });
  });

  it("keeps the views when a trigger's facts carry the same names", () => {
    const trigger = { ...deliveredTrigger(), facts: { order: "not the order", shipment: null, event: { type: "timer.fired", timer: "x" } } };
    const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: journey(), trigger, customerOrders: 1, activeHolds: [] });
    expect(evaluate("order.name", ctx)).toEqual({ ok: true, value: "#1001" });
    expect(evaluate("shipment.key", ctx)).toEqual({ ok: true, value: TRACKING });
    expect(evaluate("event.timer", ctx)).toEqual({ ok: true, value: "x" });
  });
});
