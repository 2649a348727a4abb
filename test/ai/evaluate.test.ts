import { describe, expect, it } from "vitest";
import { evaluateIntents } from "../../src/ai/classify/evaluate.js";

describe("evaluateIntents", () => {
  it("computes precision, recall, F1 and macro-F1 per gold intent", () => {
    const pairs = [
      { gold: "a", predicted: "a" },
      { gold: "a", predicted: "a" },
      { gold: "a", predicted: "b" },
      { gold: "b", predicted: "b" },
      { gold: "b", predicted: "a" },
      { gold: "c", predicted: "b" },
    ];
    const e = evaluateIntents(pairs);
    // a: tp 2, predicted 3, gold 3 → p 2/3, r 2/3. b: tp 1, predicted 3, gold 2 → p 1/3, r 1/2. c: 0.
    expect(e.perIntent.map((s) => [s.intent, +s.precision.toFixed(4), +s.recall.toFixed(4), +s.f1.toFixed(4), s.support])).toEqual([
      ["a", 0.6667, 0.6667, 0.6667, 3],
      ["b", 0.3333, 0.5, 0.4, 2],
      ["c", 0, 0, 0, 1],
    ]);
    expect(e.macroF1).toBeCloseTo((2 / 3 + 0.4) / 3, 10);
    expect(e.accuracy).toBeCloseTo(0.5, 10);
    expect(e.confusions).toEqual([
      { gold: "a", predicted: "b", count: 1 },
      { gold: "b", predicted: "a", count: 1 },
      { gold: "c", predicted: "b", count: 1 },
    ]);
  });

  it("handles an empty file", () => {
    expect(evaluateIntents([])).toEqual({ examples: 0, accuracy: 0, macroF1: 0, perIntent: [], confusions: [] });
  });
});
