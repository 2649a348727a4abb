import { describe, expect, test } from "vitest";
import { compileExpr, evaluateSource, type CompiledExpr } from "../../../src/flows/conditions/index.js";

function compiled(source: string): CompiledExpr {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(c.message);
  return c.expr;
}

const now = new Date("2026-03-10T12:00:00Z");
const ctx = {
  order: { total_price: 150, cancelled_at: null, promised_by: "2026-03-01T00:00:00Z", tags: ["vip", "gift"] },
  customer: { orders_count: 3 },
  signal: { name: "edd_missed" },
  shipment: { last_scan_at: "2026-03-07T00:00:00Z" },
  holds: [{ reason: "delay" }],
  now,
};

describe("the expressions operators write work on engine contexts", () => {
  test.each([
    ["order.total_price > 100", true],
    ["order.total_price >= 150.0", true],
    ["order.total_price == 150", true],
    ["customer.orders_count >= 3", true],
    ["customer.orders_count in [1, 2, 3]", true],
    ['signal.name in ["edd_missed", "edd_revised"]', true],
    ["order.cancelled_at == null", true],
    ["timestamp(order.promised_by) < now", true],
    ['now - timestamp(shipment.last_scan_at) > duration("48h")', true],
    ["size(holds) > 0", true],
    ['order.tags.exists(t, t == "vip")', true],
    ["has(order.foo)", false],
    ["!has(order.foo)", true],
    // mixed int/double arithmetic is registered (CEL has none), and yields doubles
    ["customer.orders_count + 1 == 4", true],
    ["order.total_price * 2 > 250", true],
    ["customer.orders_count % 2 == 1", true],
    ["order.total_price / 4 == 37.5", true],
    ["1 == 1.0", true],
    // a timestamp handed in where a string is usual still works
    ["timestamp(now) == now", true],
    ['string(now) == "2026-03-10T12:00:00.000Z"', true],
  ])("%s → %s", (source, expected) => {
    expect(compiled(source).evaluate(ctx)).toEqual({ ok: true, value: expected });
  });
});

describe("compile errors", () => {
  test.each([
    ["order.total_price >", /^Unexpected token: EOF at column 20 of "order.total_price >"$/],
    ['signal.name == "edd', /^Unterminated string at column 16 of/],
    ["order total", /^Unexpected character: .+ at column 7 of "order total"$/],
    ["", /at column 1/],
    // type errors are found at load time too, under the same code
    ['order.total_price > 1 && "yes"', /^type error: Logical operator requires bool operands, got 'string' at column 1 of/],
    ['"a" < 1', /^type error: no such overload: string < int/],
  ])("%j", (source, message) => {
    const c = compileExpr(source);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.code).toBe("CEL_SYNTAX");
      expect(c.message).toMatch(message);
      expect(c.message).not.toContain("\n");
    }
  });

  test("evaluateSource reports a syntax error as a value", () => {
    expect(evaluateSource("1 +", {})).toMatchObject({ ok: false, code: "CEL_SYNTAX" });
    expect(evaluateSource("1 + 2", {})).toEqual({ ok: true, value: 3 });
  });
});

describe("evaluation errors are values", () => {
  test.each([
    ["order.foo", { order: {} }, "order.foo has no such field"],
    ["order.foo.bar == 1", { order: {} }, "order.foo has no such field"],
    ['order["k"]', { order: {} }, 'order["k"] has no such key'],
    ["order.a", { order: { a: undefined } }, "order.a has no such field"],
    ["order.total_price > 1", {}, "Unknown variable: order"],
    ["x.a < x.b", { x: { a: "s", b: 1 } }, "no such overload: dyn<string> < dyn<double> (in x.a < x.b)"],
    ["x / 0 == 1", { x: 1n }, "division by zero (in x / 0)"],
    ["x % 0.0 == 1.0", { x: 5 }, "modulo by zero"],
    ["timestamp(x) < now", { x: "soon", now }, "timestamp() requires a string in ISO 8601 format (in timestamp(x))"],
    ["x.f", { x: { f: () => 1 } }, "x.f has no such field"],
  ])("%s", (source, context, message) => {
    expect(compiled(source).evaluate(context as Record<string, unknown>)).toEqual({ ok: false, code: "CEL_EVAL_ERROR", message });
  });
});

describe("results come back as plain JS", () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ["1 + 2", {}, 3],
    ["9223372036854775807", {}, "9223372036854775807"],
    ["-9007199254740991", {}, -9007199254740991],
    ["9007199254740992", {}, "9007199254740992"],
    ["3u", {}, 3],
    ["1.5", {}, 1.5],
    ['timestamp("2026-03-01T10:00:00Z")', {}, "2026-03-01T10:00:00.000Z"],
    ['duration("1h30m")', {}, 5_400_000],
    ['duration("1.5s")', {}, 1500],
    ["now - timestamp(x)", { now, x: "2026-03-10T11:59:59Z" }, 1000],
    ['{"a": [1, 2.5, null, true, "s"]}', {}, { a: [1, 2.5, null, true, "s"] }],
    ['b"hi"', {}, "aGk="],
    ["type(1)", {}, "int"],
    ["order.tags", { order: { tags: ["a"] } }, ["a"]],
    ["now", { now }, "2026-03-10T12:00:00.000Z"],
  ])("%s", (source, context, value) => {
    expect(compiled(source).evaluate(context)).toEqual({ ok: true, value });
  });
});

describe("compiled expressions are cached by source", () => {
  test("the same source gives the same compiled expression", () => {
    expect(compiled("order.total_price > 7")).toBe(compiled("order.total_price > 7"));
    expect(compiled("order.total_price > 7")).not.toBe(compiled("order.total_price > 8"));
  });

  test("the cache is bounded and evicts the least recently used", () => {
    const first = compiled("0 == 0");
    for (let i = 1; i <= 6000; i++) compiled(`${i} == ${i}`);
    expect(compiled("0 == 0")).not.toBe(first);
    // evaluation still works after eviction
    expect(compiled("0 == 0").evaluate({})).toEqual({ ok: true, value: true });
  });

  test("one compiled expression serves many contexts", () => {
    const e = compiled("x.a > 1");
    expect(e.evaluate({ x: { a: 2 } })).toEqual({ ok: true, value: true });
    expect(e.evaluate({ x: { a: 0 } })).toEqual({ ok: true, value: false });
    expect(e.evaluate({ x: {} })).toMatchObject({ ok: false });
  });
});

describe("safety", () => {
  test.each(["constructor", "toString", "x.constructor", 'x["constructor"]', 'x["__proto__"]'])("%s finds nothing inherited", (source) => {
    expect(compiled(source).evaluate({ x: {} })).toMatchObject({ ok: false, code: "CEL_EVAL_ERROR" });
  });

  test("__proto__ is not even an identifier", () => {
    expect(compileExpr("__proto__")).toMatchObject({ ok: false, code: "CEL_SYNTAX" });
  });

  test("functions in the context cannot be called", () => {
    expect(compileExpr("x.f()")).toMatchObject({ ok: false, code: "CEL_SYNTAX" });
    expect(compiled("x.f").evaluate({ x: { f: () => "called" } })).toMatchObject({ ok: false });
  });
});
