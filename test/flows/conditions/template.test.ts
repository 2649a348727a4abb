import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { compileTemplate, renderTemplate, templateExpressions, type Template } from "../../../src/flows/conditions/index.js";

const ctx = {
  order: { name: "#1001", total_price: 42.5, tags: ["vip"], cancelled_at: null, count: 3 },
  customer: { key: "c-1", email: "a@b.c" },
  signal: { name: "edd_missed" },
  now: new Date("2026-03-10T12:00:00Z"),
};

function template(value: unknown): Template {
  const c = compileTemplate(value);
  if (!c.ok) throw new Error(`${c.path}: ${c.message}`);
  return c.template;
}

const render = (value: unknown, context: Record<string, unknown> = ctx) => renderTemplate(template(value), context);

describe("rendering", () => {
  test.each<[unknown, unknown]>([
    // exactly one {{ }} keeps the type
    ["{{ order.total_price }}", 42.5],
    ["{{order.tags}}", ["vip"]],
    ["{{ order.cancelled_at }}", null],
    ["{{ size(order.tags) }}", 1],
    ["{{ now }}", "2026-03-10T12:00:00.000Z"],
    ["{{ order.total_price >= 150.0 }}", false],
    // text with embedded values
    ["Late: {{ order.name }}", "Late: #1001"],
    ["{{ order.name }}/{{ signal.name }}", "#1001/edd_missed"],
    ["{{order.name}}{{ signal.name }}", "#1001edd_missed"],
    ["total {{ order.total_price }} ({{ order.count }} items)", "total 42.5 (3 items)"],
    ["tags: {{ order.tags }}", 'tags: ["vip"]'],
    ["{{ order.total_price > 1 }}!", "true!"],
    // `}}` inside CEL strings and map literals does not close the expression
    ['{{ "a}}b" }}', "a}}b"],
    ['x{{ {"k": {"n": 1}}.k.n }}y', "x1y"],
    ["{{ 'it\\'s }}' }}", "it's }}"],
    ['{{ r"\\}}" }}', "\\}}"],
    ['{{ """tri}}ple""" }}', "tri}}ple"],
    // no {{ }}: passes through; stray }} is text
    ["plain text }}", "plain text }}"],
    [42, 42],
    [null, null],
    [true, true],
    // objects and arrays recurse; keys are never templated
    [{ metric: "Order Delayed", properties: { order_name: "{{ order.name }}", reason: "{{ signal.name }}" } }, { metric: "Order Delayed", properties: { order_name: "#1001", reason: "edd_missed" } }],
    [["{{ order.count }}", ["{{ customer.key }}"]], [3, ["c-1"]]],
    [{ "{{ order.name }}": 1 }, { "{{ order.name }}": 1 }],
  ])("%j", (value, expected) => {
    expect(render(value)).toEqual({ ok: true, value: expected });
  });
});

describe("compile errors name the path", () => {
  test.each<[unknown, string, RegExp]>([
    ["{{ order.total_price > }}", "", /^in \{\{ order\.total_price > \}\}: Unexpected token: EOF at column/],
    [{ properties: { reason: "x {{ signal.name" } }, "properties.reason", /"\{\{" at column 3 is never closed with "\}\}"/],
    [{ items: [{ text: "ok" }, { text: "{{ }}" }] }, "items[1].text", /"\{\{ \}\}" at column 1 is empty/],
    [{ "odd key": "{{ 1 + }}" }, '["odd key"]', /Unexpected token/],
    ['{{ "unterminated }}', "", /never closed/],
  ])("%j", (value, path, message) => {
    const c = compileTemplate(value);
    expect(c).toMatchObject({ ok: false, code: "CEL_SYNTAX", path });
    if (!c.ok) expect(c.message).toMatch(message);
  });
});

describe("render errors are values with the path", () => {
  test("a missing field", () => {
    expect(render({ input: { text: "Hi {{ customer.first_name }}" } })).toEqual({
      ok: false,
      code: "TEMPLATE_ERROR",
      path: "input.text",
      message: "cannot evaluate {{ customer.first_name }}: customer.first_name has no such field",
    });
    expect(render(["{{ ticket.id }}"])).toMatchObject({ ok: false, code: "TEMPLATE_ERROR", path: "[0]", message: "cannot evaluate {{ ticket.id }}: Unknown variable: ticket" });
  });

  test("the path through lists, odd keys and nested maps is the one compiling would name", () => {
    for (const [value, path] of [
      [{ items: [{ text: "ok" }, { text: "{{ ticket.id }}" }] }, "items[1].text"],
      [{ "odd key": ["{{ ticket.id }}"] }, '["odd key"][0]'],
      [[[{ a: { b: "{{ ticket.id }}" } }]], "[0][0].a.b"],
      [{ a: [{ "x-y": "{{ ticket.id }}" }] }, 'a[0]["x-y"]'],
    ] as const) {
      expect(render(value)).toMatchObject({ ok: false, code: "TEMPLATE_ERROR", path });
      // The same place with a malformed expression: the compile error names it the same way.
      expect(compileTemplate(JSON.parse(JSON.stringify(value).replace("{{ ticket.id }}", "{{ 1 + }}")))).toMatchObject({ ok: false, path });
    }
  });

  test("null written into text is refused (an empty key would merge every customer's limit)", () => {
    expect(render({ key: "freq:{{ order.cancelled_at }}" })).toMatchObject({ ok: false, code: "TEMPLATE_ERROR", path: "key", message: expect.stringContaining("is null") });
    expect(render({ key: "{{ order.cancelled_at }}" })).toEqual({ ok: true, value: { key: null } });
  });
});

describe("templateExpressions", () => {
  test("lists every embedded expression once, in order", () => {
    expect(
      templateExpressions({
        a: "{{ order.name }} and {{signal.name}}",
        b: ["{{ order.name }}", { c: 'x{{ {"k": 1}.k }}' }],
        d: 5,
        e: "x {{ good }} y {{ unclosed",
      }),
    ).toEqual(["order.name", "signal.name", '{"k": 1}.k', "good"]);
    expect(templateExpressions("no templates")).toEqual([]);
  });
});

describe("round trips", () => {
  // Strings without "{{" are literal text; everything else is not a template at all.
  const literal = fc.jsonValue().filter((v) => !(JSON.stringify(v) ?? "").includes("{{"));

  test("a value without {{ }} renders to itself", () => {
    fc.assert(
      fc.property(literal, (v) => {
        expect(renderTemplate(template(v), {})).toEqual({ ok: true, value: v });
      }),
    );
  });

  test("{{ x }} renders the context value with its type", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        expect(renderTemplate(template("{{ x }}"), { x })).toEqual({ ok: true, value: x });
      }),
    );
  });

  test("text interpolation writes strings as they are", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (before, s, after) => {
        fc.pre(!`${before}${after}`.includes("{{") && !before.endsWith("{") && !after.startsWith("}"));
        expect(renderTemplate(template(`${before}{{ x.s }}${after}`), { x: { s } })).toEqual({ ok: true, value: `${before}${s}${after}` });
      }),
    );
  });

  test("templateExpressions finds what compileTemplate compiles", () => {
    const expr = fc.constantFrom("order.name", "size(order.tags)", '"}}"', "order.total_price * 2");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string().filter((s) => !s.includes("{") && !s.includes("}")), expr), { maxLength: 4 }), (parts) => {
        const text = parts.map(([t, e]) => `${t}{{ ${e} }}`).join("");
        expect(templateExpressions(text)).toEqual([...new Set(parts.map(([, e]) => e))]);
        expect(compileTemplate(text).ok).toBe(true);
      }),
    );
  });
});
