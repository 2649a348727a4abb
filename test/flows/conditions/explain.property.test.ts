import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { compileExpr, evaluateCondition, type CompiledExpr } from "../../../src/flows/conditions/index.js";

// fast-check prints the seed and the shrunk counterexample when a property fails.

function compiled(source: string): CompiledExpr {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(c.message);
  return c.expr;
}

/** How CEL writes a double, independently of the module under test. */
function celDouble(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Infinity";
  if (n === -Infinity) return "-Infinity";
  const s = String(n);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

const OPS = ["<", "<=", ">", ">=", "==", "!="] as const;
type Op = (typeof OPS)[number];

function jsCompare(a: number | bigint, op: Op, b: number | bigint): boolean {
  switch (op) {
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    // CEL compares int and double by value, like JS's == between bigint and number.
    case "==": return a == b;
    case "!=": return a != b;
  }
}

const render = (v: number | bigint): string => (typeof v === "bigint" ? v.toString() : celDouble(v));

describe("comparisons agree with JS", () => {
  test("x.a OP x.b for doubles (NaN and infinities included)", () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.constantFrom(...OPS), (a, b, op) => {
        const o = evaluateCondition(compiled(`x.a ${op} x.b`), { x: { a, b } });
        expect(o.match).toBe(jsCompare(a, op, b));
        expect(o.reason).toBe(`x.a is ${render(a)}, expected ${op} x.b (${render(b)})`);
      }),
      { numRuns: 500 },
    );
  });

  test("x.a OP x.b across int (bigint) and double", () => {
    const num = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.double({ noNaN: true }), fc.integer());
    fc.assert(
      fc.property(num, num, fc.constantFrom(...OPS), (a, b, op) => {
        const o = evaluateCondition(compiled(`x.a ${op} x.b`), { x: { a, b } });
        expect(o.match).toBe(jsCompare(a, op, b));
        expect(o.reason).toContain(`x.a is ${render(a)}`);
        expect(o.reason).toContain(`(${render(b)})`);
      }),
      { numRuns: 500 },
    );
  });

  test("a field against an int literal", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(...OPS), (a, lit, op) => {
        const o = evaluateCondition(compiled(`order.total_price ${op} ${lit}`), { order: { total_price: a } });
        expect(o.match).toBe(jsCompare(a, op, lit));
        expect(o.reason).toBe(`order.total_price is ${celDouble(a)}, expected ${op} ${lit}`);
      }),
    );
  });
});

describe("membership agrees with Array.includes", () => {
  const str = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom('"', "\\", "'", "\n", "}}", "a\"b"));
  test("x.s in [list literal]", () => {
    fc.assert(
      fc.property(str, fc.array(str, { maxLength: 5 }), fc.boolean(), (s, rest, include) => {
        const list = include ? [...rest, s] : rest;
        const source = `x.s in [${list.map((e) => JSON.stringify(e)).join(", ")}]`;
        const o = evaluateCondition(compiled(source), { x: { s } });
        expect(o.match).toBe(list.includes(s));
        expect(o.reason.startsWith(`x.s is ${JSON.stringify(s)}, expected in [`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("explanations are always sentences", () => {
  const expressions = [
    "order.total_price > 100",
    'order.a.b == "x"',
    "size(order) > 0",
    "order",
    "order in [1, 2]",
    "has(order.a) && order.a != null",
    "!order.flag",
    "order.x || order.y",
    'order.tags.exists(t, t == "vip")',
    "timestamp(order.t) < now",
    "order.a + 1 > 2",
    "order == null",
    "order.list[0] == order.list[1]",
    'order == {"a": 1}',
    "[order] == [order]",
    "order.a < order.b ? true : false",
  ];
  // A context whose own text contains the words would make the check meaningless.
  const json = fc.jsonValue().filter((v) => !/undefined|\[object Object\]/.test(JSON.stringify(v) ?? ""));

  test("no throw, no 'undefined', no '[object Object]', JSON-safe values", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(...expressions), (order, source) => {
        const o = evaluateCondition(compiled(source), { order, now: new Date("2026-01-01T00:00:00Z") });
        expect(typeof o.match).toBe("boolean");
        expect(o.reason).not.toMatch(/undefined|\[object Object\]/);
        expect(o.reason.length).toBeGreaterThan(0);
        expect(() => JSON.stringify(o.values)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  test("evaluate never throws, whatever the context holds", () => {
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true, withBigInt: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), fc.constantFrom(...expressions), (order, source) => {
        const expr = compiled(source);
        const r = expr.evaluate({ order, now: new Date(0) });
        expect(typeof r.ok).toBe("boolean");
        const o = evaluateCondition(expr, { order, now: new Date(0) });
        expect(o.reason).not.toContain("[object Object]");
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the engine's quick test agrees with the explained condition", () => {
  test("services.test(expr) === services.condition(expr).match, errors and non-bools included", async () => {
    const { createEngineServices } = await import("../../../src/flows/engine/create-services.js");
    const { builtInCatalog } = await import("../../../src/flows/catalog/built-in.js");
    const { defaultPolicy } = await import("../../../src/flows/policy/default-policy.js");
    const services = createEngineServices(builtInCatalog(), defaultPolicy);
    const exprs = [
      "x.a > 3.0",
      "x.a == x.b",
      'x.s == "lost"',
      "x.list.exists(v, v > 2.0)",
      "size(x.list) >= 2",
      "x.missing > 1",
      "x.a",
      "!(x.flag) && x.a < 10.0",
      'x.s in ["lost", "damaged"] || x.flag',
      "has(x.maybe) && x.maybe == 1.0",
    ];
    const ctx = fc.record({
      x: fc.record(
        {
          a: fc.oneof(fc.double({ noNaN: true }), fc.constant(null)),
          b: fc.double({ noNaN: true }),
          s: fc.constantFrom("lost", "damaged", "", "InTransit"),
          flag: fc.boolean(),
          list: fc.array(fc.double({ noNaN: true, min: -5, max: 5 }), { maxLength: 4 }),
          maybe: fc.double({ noNaN: true }),
        },
        { requiredKeys: ["a", "b", "s", "flag", "list"] },
      ),
    });
    fc.assert(
      fc.property(fc.constantFrom(...exprs), ctx, (expr, c) => {
        expect(services.test(expr, c)).toBe(services.condition(expr, c).match);
      }),
      { numRuns: 500 },
    );
  });
});
