import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { didYouMean, editDistance } from "../../../src/flows/definition/did-you-mean.js";
import { splitTemplate, templateExpressions } from "../../../src/flows/definition/template.js";

describe("didYouMean", () => {
  test("suggests close words and stays quiet on distant ones", () => {
    expect(didYouMean("conditons", ["id", "conditions", "steps"])).toBe("conditions");
    expect(didYouMean("notify.custmer", ["notify.customer", "alert.team"])).toBe("notify.customer");
    expect(didYouMean("tirgger", ["trigger"])).toBe("trigger"); // a swap is one edit
    expect(didYouMean("xyz", ["trigger", "steps"])).toBeNull();
    expect(didYouMean("anything", [])).toBeNull();
  });

  test("edit distance is a metric on small strings", () => {
    const word = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe("splitTemplate", () => {
  test("splits text and expressions", () => {
    expect(splitTemplate("Late: {{ order.name }}!")).toEqual({ ok: true, parts: [{ text: "Late: " }, { expr: "order.name" }, { text: "!" }] });
    expect(splitTemplate("plain")).toEqual({ ok: true, parts: [{ text: "plain" }] });
    expect(templateExpressions("{{a}}-{{ b.c }}")).toEqual({ ok: true, exprs: ["a", "b.c"] });
  });

  test("reports an unclosed or empty hole", () => {
    expect(splitTemplate("x {{ y")).toEqual({ ok: false, message: '"{{" at column 3 is never closed with "}}"' });
    expect(splitTemplate("{{   }}")).toEqual({ ok: false, message: '"{{ }}" at column 1 is empty' });
  });
});
