import { describe, expect, test } from "vitest";
import { ConditionOutcome, compileExpr, evaluateCondition, type CompiledExpr } from "../../../src/flows/conditions/index.js";

const ctx = {
  order: {
    name: "#1001",
    total_price: 42,
    cancelled_at: null,
    promised_by: "2026-03-01T00:00:00Z",
    tags: ["gift"],
  },
  customer: { email: null, orders_count: 3 },
  signal: { name: "x" },
  shipment: { tag: "InTransit", last_scan_at: "2026-03-07T00:00:00Z" },
  holds: [],
  x: { a: 1.5, b: 2 },
  now: new Date("2026-03-10T12:00:00Z"),
};

function compiled(source: string): CompiledExpr {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(c.message);
  return c.expr;
}

const cases: Array<[string, boolean, string]> = [
  // comparison: left source and value, operator, right literal's value
  ["order.total_price > 100", false, "order.total_price is 42.0, expected > 100"],
  ["order.total_price >= 150.0", false, "order.total_price is 42.0, expected >= 150.0"],
  ["customer.orders_count >= 3", true, "customer.orders_count is 3.0, expected >= 3"],
  ['shipment.tag != "Delivered"', true, 'shipment.tag is "InTransit", expected != "Delivered"'],
  // a literal on the left is turned around so the field leads
  ["100 < order.total_price", false, "order.total_price is 42.0, expected > 100"],
  // right side not a literal: its source, and its value when it depends on the context
  ["x.a < x.b", true, "x.a is 1.5, expected < x.b (2.0)"],
  ["timestamp(order.promised_by) < now", true, "timestamp(order.promised_by) is 2026-03-01T00:00:00Z, expected < now (2026-03-10T12:00:00Z)"],
  ['now - timestamp(shipment.last_scan_at) > duration("48h")', true, 'now - timestamp(shipment.last_scan_at) is duration("84h"), expected > duration("48h")'],
  ["size(holds) > 0", false, "size(holds) is 0, expected > 0"],
  // membership
  ['signal.name in ["a","b"]', false, 'signal.name is "x", expected in ["a", "b"]'],
  // null
  ["customer.email != null", false, "customer.email is null, expected != null"],
  ["order.cancelled_at == null", true, "order.cancelled_at is null, expected == null"],
  // &&: a non-match explains the first failing side, a match both
  ["order.total_price > 10 && customer.orders_count > 5", false, "customer.orders_count is 3.0, expected > 5"],
  ["order.total_price > 100 && customer.orders_count > 5", false, "order.total_price is 42.0, expected > 100"],
  ["order.total_price > 10 && customer.orders_count > 1", true, "order.total_price is 42.0, expected > 10 and customer.orders_count is 3.0, expected > 1"],
  // ||: a non-match explains both sides, a match the side that held
  ["order.total_price > 100 || customer.orders_count > 5", false, "order.total_price is 42.0, expected > 100 and customer.orders_count is 3.0, expected > 5"],
  ["order.total_price > 100 || customer.orders_count > 1", true, "customer.orders_count is 3.0, expected > 1"],
  // !x
  ["!(order.total_price > 10)", false, "not (order.total_price is 42.0, expected > 10)"],
  ['!(signal.name in ["a"])', true, 'not (signal.name is "x", expected in ["a"])'],
  // any other shape
  ['order.tags.exists(t, t == "vip")', false, 'order.tags.exists(t, t == "vip") is false'],
  ["has(order.foo)", false, "has(order.foo) is false"],
  // not a bool
  ["size(order.tags) + 2", false, "condition must be true or false, got int 3"],
  ["order.name", false, 'condition must be true or false, got string "#1001"'],
  ["customer.email", false, "condition must be true or false, got null"],
  // evaluation errors
  ["order.foo == 1", false, "cannot evaluate: order.foo has no such field"],
  ["ticket.id == 1", false, "cannot evaluate: Unknown variable: ticket"],
  // CEL absorbs an error on one side of && when the other side is false: explain the false side
  ["order.foo == 1 && order.total_price > 100", false, "order.total_price is 42.0, expected > 100"],
];

describe("evaluateCondition explains every shape", () => {
  test.each(cases)("%s", (source, match, reason) => {
    const outcome = evaluateCondition(compiled(source), ctx);
    expect(outcome).toMatchObject({ expr: source, match, reason });
    expect(ConditionOutcome.safeParse(outcome).success).toBe(true);
  });
});

describe("values", () => {
  test("maps each field path read to its plain value", () => {
    const o = evaluateCondition(compiled("timestamp(order.promised_by) < now && size(holds) == 0 && x.a < x.b"), ctx);
    expect(o.values).toEqual({ "order.promised_by": "2026-03-01T00:00:00Z", now: "2026-03-10T12:00:00.000Z", holds: [], "x.a": 1.5, "x.b": 2 });
  });

  test("macro variables are not fields; missing fields are left out", () => {
    const o = evaluateCondition(compiled('order.tags.exists(t, t == "vip") || has(order.foo)'), ctx);
    expect(o.values).toEqual({ "order.tags": ["gift"] });
  });

  test("are given for a failed evaluation too", () => {
    const o = evaluateCondition(compiled("order.total_price > 1 && order.foo == 2"), ctx);
    expect(o).toEqual({ expr: "order.total_price > 1 && order.foo == 2", match: false, reason: "cannot evaluate: order.foo has no such field", values: { "order.total_price": 42 } });
  });
});
