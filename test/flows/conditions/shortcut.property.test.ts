import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { compileExpr, internalsOf, type CompiledExpr } from "../../../src/flows/conditions/compile.js";
import { toPlainValue } from "../../../src/flows/conditions/context.js";
import { celEnvironment } from "../../../src/flows/conditions/env.js";
import { MISS, shortcutOf } from "../../../src/flows/conditions/shortcut.js";

// The shortcut answers the common expressions without the library; here every answer it gives is
// held to the library's own on random contexts, and where it declines the library still answers.

function compiled(source: string): CompiledExpr {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(`${source}: ${c.message}`);
  return c.expr;
}

const FIELDS = ["a", "b", "tag", "n"] as const;
const scalar = fc.oneof(
  fc.constantFrom("Delivered", "InTransit", "", "a", "b", "é", "😀"),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.bigInt({ min: -5n, max: 5n }),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(new Date(0), new Date(Number.NaN), new Map([["a", 1]])) },
);
/** `x` and `y` maps with some of FIELDS, one level nested under `x.sub`; sometimes not a map at all. */
const context = fc.record({
  x: fc.oneof(
    { weight: 5, arbitrary: fc.record({ a: value, b: value, tag: value, n: value, sub: fc.option(fc.record({ a: value, b: value }), { nil: undefined }) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: scalar },
  ),
  y: fc.record({ a: value, tag: value }, { requiredKeys: [] }),
});

const path = fc.oneof(
  fc.constantFrom("x", "y", "z"),
  fc.tuple(fc.constantFrom("x", "y"), fc.constantFrom(...FIELDS)).map(([r, f]) => `${r}.${f}`),
  fc.constantFrom(...FIELDS).map((f) => `x.sub.${f}`),
);
const literal = fc.constantFrom('"Delivered"', '""', '"é"', "true", "false", "null", "0", "1", "1.5", "-2", "9007199254740993");
const OPS = ["==", "!=", "<", "<=", ">", ">="];

const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    path,
    literal,
    fc.tuple(path, fc.constantFrom(...OPS), fc.oneof(path, literal)).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(literal, fc.constantFrom(...OPS), path).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(path, fc.constantFrom('["Delivered", "InTransit"]', '["a"]', "[1, 2]")).map(([a, l]) => `${a} in ${l}`),
    tie("e").map((e) => `!(${e})`),
    fc.tuple(tie("e"), fc.constantFrom("&&", "||"), tie("e")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    // outside the subset: the shortcut must decline or decide without it (`false && size(x) > 0`)
    fc.constantFrom("size(y) > 0", "has(x.a)", 'string(x) == "a"', "x.a + 1 > 0"),
  ),
})).e;

const plainResult = (r: { ok: true; value: unknown } | { ok: false; message: string }) => (r.ok ? { ok: true, value: toPlainValue(r.value) } : { ok: false, message: r.message });

describe("the CEL shortcut gives the library's answers", () => {
  test("random expressions over random contexts: same value or the same error", () => {
    fc.assert(
      fc.property(expr, context, (source, ctx) => {
        let typeChecks = true;
        try {
          typeChecks = celEnvironment.parse(source).check().valid;
        } catch {
          typeChecks = false;
        }
        fc.pre(typeChecks);
        const e = compiled(source);
        const inner = internalsOf(e)!;
        const cel = inner.evaluateCel(ctx);
        const viaShortcut = e.evaluate(ctx);
        expect(viaShortcut.ok ? { ok: true, value: viaShortcut.value } : { ok: false, message: viaShortcut.message }).toEqual(plainResult(cel));
        expect(plainResult(inner.evaluateRaw(ctx))).toEqual(plainResult(cel));
      }),
      { numRuns: 10_000 },
    );
  });

  test("a context with variables on its prototype reads like its flat copy, by the shortcut and by the library", () => {
    // A flow context's views are accessors on a prototype every context shares.
    fc.assert(
      fc.property(expr, context, fc.integer({ min: 0, max: 7 }), (source, record, cut) => {
        const flat = record as Record<string, unknown>;
        fc.pre(celEnvironment.parse(source).check().valid);
        const keys = Object.keys(flat);
        const base: Record<string, unknown> = {};
        const own: Record<string, unknown> = {};
        keys.forEach((k, i) => ((i < cut ? base : own)[k] = flat[k]));
        // A variable the extension sets wins over the same one in the base.
        if (keys.length > 0) base[keys[0]!] = "shadowed";
        const extended = Object.assign(Object.create(base) as Record<string, unknown>, own, keys.length > 0 ? { [keys[0]!]: flat[keys[0]!] } : {});
        const e = compiled(source);
        const inner = internalsOf(e)!;
        expect(plainResult(inner.evaluateCel(extended))).toEqual(plainResult(inner.evaluateCel(flat)));
        expect(e.evaluate(extended)).toEqual(e.evaluate(flat));
      }),
      { numRuns: 3_000 },
    );
    // Object.prototype is never searched: `constructor` is no variable of any context.
    expect(compiled("constructor").evaluate(Object.create({ a: 1 }) as Record<string, unknown>)).toMatchObject({ ok: false });
  });

  test("it answers the forms the built-in flows use", () => {
    const ctx = { shipment: { tag: "Delivered", key: "k" }, customer: { email: "a@b.c", orders_count: 3 }, shop: { settings: { escalation: { customer_orders: 3 } } }, event: { status: null }, holds: [] };
    const cases: Array<[string, unknown]> = [
      ["shipment.tag", "Delivered"],
      ['shipment.tag == "Delivered"', true],
      ["customer.email != null", true],
      ["shipment != null", true],
      ["customer.orders_count >= shop.settings.escalation.customer_orders", true],
      ["customer.orders_count > 100", false],
      ['event.status == null || !(event.status in ["cancelled", "error"])', true],
      ['shipment.tag == "InTransit" && holds.exists(h, h == 1)', false],
    ];
    for (const [source, expected] of cases) {
      const s = shortcutOf(celEnvironment.parse(source).ast);
      expect(s, source).not.toBeNull();
      expect(s!(ctx), source).toBe(expected);
    }
    // A missing field is the library's to report, with its message.
    expect(shortcutOf(celEnvironment.parse("shipment.nope").ast)!(ctx)).toBe(MISS);
    expect(compiled("shipment.nope").evaluate(ctx)).toMatchObject({ ok: false });
  });
});
