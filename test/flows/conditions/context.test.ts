import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { LosslessNumber } from "lossless-json";
import { compileExpr, toCelValue, toPlainValue } from "../../../src/flows/conditions/index.js";

function run(source: string, ctx: Record<string, unknown>): unknown {
  const c = compileExpr(source);
  if (!c.ok) throw new Error(c.message);
  return c.expr.evaluate(ctx);
}

describe("toCelValue", () => {
  test("plain JSON (and Dates) are passed on as they are, without a copy", () => {
    const order = { a: [1, { b: "x" }], c: null, d: new Date(0), e: undefined };
    expect(toCelValue(order)).toBe(order);
  });

  test("every JS number is a CEL double, a bigint an int", () => {
    expect(run("type(x.n) == double && type(x.i) == int", { x: { n: 3, i: 3n } })).toEqual({ ok: true, value: true });
  });

  test("undefined, functions and symbols disappear from maps, become null in lists", () => {
    const v = toCelValue({ a: undefined, f: () => 1, s: Symbol("s"), l: [undefined, 1], k: 1 }) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["l", "k"]);
    expect(v.l).toEqual([null, 1]);
    expect(run("has(x.a) || has(x.f)", { x: { a: undefined, f: () => 1 } })).toEqual({ ok: true, value: false });
    expect(run("x.l[0] == null", { x: { l: [undefined] } })).toEqual({ ok: true, value: true });
  });

  test("Maps, Sets, class instances, toJSON and LosslessNumber become CEL values", () => {
    class Money {
      constructor(readonly amount: number) {}
    }
    class Sku {
      toJSON(): string {
        return "as-json";
      }
    }
    const ctx = {
      m: new Map<unknown, unknown>([["a", 1], [{}, 2]]),
      s: new Set(["x"]),
      k: new Money(5),
      j: new Sku(),
      id: new LosslessNumber("12345678901234567890"),
      n: new LosslessNumber("42.5"),
    };
    expect(run('x.m.a == 1 && size(x.m) == 1 && "x" in x.s && x.k.amount == 5 && x.id == "12345678901234567890" && x.n == 42.5 && x.j == "as-json"', { x: ctx })).toEqual({ ok: true, value: true });
    expect(toCelValue({ j: new Sku() })).toEqual({ j: "as-json" });
  });

  test("an invalid Date is null; a cycle does not recurse forever", () => {
    expect(run("x.d == null", { x: { d: new Date("nope") } })).toEqual({ ok: true, value: true });
    const cyclic: Record<string, unknown> = { a: 1, f: () => 0 };
    cyclic.self = cyclic;
    expect(run("x.a == 1", { x: cyclic })).toEqual({ ok: true, value: true });
  });

  test("an own __proto__ key stays a key and pollutes nothing", () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "f": 1}') as Record<string, unknown>;
    v.g = undefined; // forces a copy
    expect(run('x["__proto__"].polluted', { x: v })).toEqual({ ok: true, value: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("toPlainValue", () => {
  test("JSON round-trips through CEL and back", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(toPlainValue(toCelValue(v))).toEqual(v);
      }),
    );
  });

  test("values are JSON-safe", () => {
    expect(toPlainValue({ big: 2n ** 70n, small: -5n, d: new Date("2026-01-01T00:00:00Z"), l: new Set([1n]) })).toEqual({
      big: "1180591620717411303424",
      small: -5,
      d: "2026-01-01T00:00:00.000Z",
      l: [1],
    });
  });
});
