import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runClassify } from "../../src/cli/classify.js";
import { evaluateFile } from "../../src/cli/eval-intents.js";
import { classifierFromCli } from "../../src/cli/classifier-from-cli.js";
import { formatEvaluation } from "../../src/ai/classify/evaluate.js";
import { OfflineClassifier } from "../../src/ai/classify/offline-classifier.js";
import { trainedModel } from "./trained-model.js";

let classifier: OfflineClassifier;
beforeAll(() => {
  classifier = new OfflineClassifier(trainedModel());
});

async function classifyLines(lines: string[]): Promise<{ out: any[]; result: { classified: number; invalid: number } }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
  input.end(lines.join("\n") + "\n");
  const result = await runClassify({ input, output }, classifier);
  return { out: chunks.join("").trim().split("\n").map((l) => JSON.parse(l)), result };
}

describe("firebreak classify", () => {
  it("writes one documented JSON line per input line, in order", async () => {
    const { out, result } = await classifyLines([
      JSON.stringify({ id: 7, subject: "Order #1001", text: "Where is my order? tracking 1Z999AA10123456784" }),
      JSON.stringify({ id: "b", text: "I want to speak to a real person right now" }),
    ]);
    expect(result).toEqual({ classified: 2, invalid: 0 });
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]).sort()).toEqual(["confidence", "engine", "entities", "handover", "id", "intent", "language", "needs_human", "reasons", "sentiment"]);
    expect(out[0]).toMatchObject({
      id: 7,
      intent: "shipping/status",
      language: "en",
      needs_human: false,
      entities: { order_numbers: ["#1001"], tracking_numbers: [{ carrier: "ups", number: "1Z999AA10123456784" }], emails: [] },
    });
    expect(out[0].confidence).toBeGreaterThan(0.6);
    expect(out[1]).toMatchObject({ id: "b", needs_human: true, sentiment: ["urgent"] });
    expect(out[1].reasons).toContain("asks for a human: 'speak to a real person'");
  });

  it("answers a bad line with an error line and goes on", async () => {
    const { out, result } = await classifyLines(["{not json", JSON.stringify({ id: "x", subject: "no text" }), "", JSON.stringify({ id: "ok", text: "thanks!" })]);
    expect(result).toEqual({ classified: 1, invalid: 2 });
    expect(out[0]).toEqual({ id: null, error: { code: "invalid_json", message: "the line is not JSON" } });
    expect(out[1]).toEqual({ id: "x", error: { code: "invalid_input", message: expect.stringMatching(/^text: /) } });
    expect(out[2]).toMatchObject({ id: "ok", intent: "other/thanks" });
  });
});

describe("firebreak eval intents", () => {
  it("scores a labeled file and prints per-intent figures, macro-F1 and confusions", async () => {
    const file = [
      { text: "Where is my order #1001?", intent: "shipping/status" },
      { text: "the plate arrived smashed", intent: "order/damaged" },
      { text: "please cancel my subscription", intent: "subscription/cancel" },
      { text: "please cancel my subscription box", intent: "order/cancel" },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n");
    const result = await evaluateFile(file, classifier);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const e = result.evaluation;
    expect(e.examples).toBe(4);
    expect(e.confusions).toEqual([{ gold: "order/cancel", predicted: "subscription/cancel", count: 1 }]);
    expect(e.perIntent.find((s) => s.intent === "subscription/cancel")).toMatchObject({ precision: 0.5, recall: 1 });
    const text = formatEvaluation(e);
    expect(text).toContain("macro-F1 0.667");
    expect(text).toContain("order/cancel → subscription/cancel: 1");
  });

  it("names the bad lines instead of scoring a partial file", async () => {
    const result = await evaluateFile(`{"text": "hi"}\nnope\n{"text": "ok", "intent": "other/thanks"}`, classifier);
    expect(result).toEqual({ ok: false, errors: ["line 1: intent Invalid input: expected string, received undefined", "line 2: not JSON"] });
  });
});

describe("classifierFromCli", () => {
  it("refuses an LLM engine without its key, naming the variable", () => {
    expect(() => classifierFromCli({ engine: "anthropic" }, {})).toThrow(/ai\.anthropic\.apiKey.*FIREBREAK_ANTHROPIC_API_KEY/);
    expect(() => classifierFromCli({ engine: "gpt" }, {})).toThrow(/ai\.engine/);
  });
});
