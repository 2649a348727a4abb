import { beforeAll, describe, expect, it } from "vitest";
import { OfflineClassifier } from "../../src/ai/classify/offline-classifier.js";
import { DEFAULT_DATA_DIR } from "../../src/ai/classify/model-source.js";
import { readTrainingData, type TrainingData } from "../../src/ai/classify/training-data.js";
import type { Classification } from "../../src/ai/classify/classification.js";
import { Classification as ClassificationSchema } from "../../src/ai/classify/classification.js";
import { trainedModel } from "./trained-model.js";

let classifier: OfflineClassifier;
let data: TrainingData;
beforeAll(() => {
  classifier = new OfflineClassifier(trainedModel());
  data = readTrainingData(DEFAULT_DATA_DIR);
});

const classify = (text: string, subject?: string): Classification => classifier.classifySync(subject ? { text, subject } : { text });

describe("the held-out split", () => {
  it("is never trained on: no held-out text appears in training or calibration", () => {
    const seen = new Set([...data.train, ...data.calibration].map((e) => e.text.trim().toLowerCase()));
    expect(data.eval.filter((e) => seen.has(e.text.trim().toLowerCase()))).toEqual([]);
    expect(data.oodEval.filter((e) => seen.has(e.text.trim().toLowerCase()))).toEqual([]);
    expect(data.eval.length).toBeGreaterThan(800);
  });
});

describe("calibration", () => {
  it("is more accurate where it is more confident, and the low bucket is worse than the threshold suggests is safe", () => {
    const rows = data.eval.map((e) => {
      const c = classify(e.text);
      return { right: c.intent === e.label, confidence: c.confidence };
    });
    const accuracy = (lo: number, hi: number) => {
      const bucket = rows.filter((r) => r.confidence >= lo && r.confidence < hi);
      return { n: bucket.length, acc: bucket.filter((r) => r.right).length / bucket.length };
    };
    const low = accuracy(0, 0.6);
    const mid = accuracy(0.6, 0.9);
    const high = accuracy(0.9, 1.01);
    expect(low.n).toBeGreaterThan(10);
    expect(mid.n).toBeGreaterThan(10);
    expect(low.acc).toBeLessThan(mid.acc);
    expect(mid.acc).toBeLessThan(high.acc);
    expect(low.acc).toBeLessThan(0.6);
    expect(high.acc).toBeGreaterThan(0.97);
  });

  it("makes the automatic lane more accurate than the whole: low confidence really goes to a person", () => {
    const results = data.eval.map((e) => ({ e, c: classify(e.text) }));
    const all = results.filter((r) => r.c.intent === r.e.label).length / results.length;
    const auto = results.filter((r) => !r.c.needsHuman);
    const autoAcc = auto.filter((r) => r.c.intent === r.e.label).length / auto.length;
    expect(autoAcc).toBeGreaterThan(all);
    expect(auto.length / results.length).toBeGreaterThan(0.8);
  });
});

describe("out-of-scope rejection", () => {
  it("sends most held-out other-domain messages to a person", () => {
    const rejected = data.oodEval.filter((e) => classify(e.text).needsHuman).length;
    expect(rejected / data.oodEval.length).toBeGreaterThan(0.85);
  });

  it("files an other-domain message as other/question, low confidence, with the reason", () => {
    const c = classify("what is the weather like in boston tomorrow");
    expect(c.intent).toBe("other/question");
    expect(c.needsHuman).toBe(true);
    expect(c.confidence).toBeLessThan(0.6);
    expect(c.reasons[0]).toMatch(/^out of scope for a store inbox \(p 0\.\d\d, above every intent\)$/);
  });
});

describe("OfflineClassifier", () => {
  it.each([
    ["Where is my order #1042? It's been a week", "shipping/status"],
    ["The mug arrived broken, the handle snapped off in the box", "order/damaged"],
    ["You sent me a size small, I ordered a large", "order/wrong"],
    ["Is the jacket waterprof?", "product/question"],
    ["please cancel my subscription", "subscription/cancel"],
    ["My discount code SAVE10 doesn't work at checkout", "discount/request"],
    ["When will the blue hoodie be back in stock?", "stock/request"],
    ["I want to cancel my order", "order/cancel"],
    ["thanks so much!", "other/thanks"],
  ])("%s → %s", (text, intent) => {
    expect(classify(text).intent).toBe(intent);
  });

  it("returns a valid Classification with entities, sentiment, language and alternatives", () => {
    const c = classify("Hi, tracking 1Z999AA10123456784 says delivered but nothing is here. I'm really frustrated. jo@example.com", "Order #1001");
    expect(ClassificationSchema.parse(c)).toEqual(c);
    expect(c.intent).toBe("shipping/delivery-issue");
    expect(c.entities).toEqual({ orderNumbers: ["#1001"], trackingNumbers: [{ carrier: "ups", number: "1Z999AA10123456784" }], emails: ["jo@example.com"] });
    expect(c.sentiment).toEqual(["negative"]);
    expect(c.language).toBe("en");
    expect(c.engine).toMatch(/^offline:logreg-[0-9a-f]+$/);
    expect(c.alternatives).toHaveLength(3);
    expect(c.alternatives.every((a) => a.confidence <= c.confidence)).toBe(true);
  });

  it("hands a confident message with a legal threat to a person", () => {
    const c = classify("I want a refund for order #1001 or my lawyer will be in touch");
    expect(c.needsHuman).toBe(true);
    expect(c.reasons).toContain("legal threat: 'my lawyer'");
    expect(c.sentiment).toContain("threatening");
  });

  it("gives a non-English message to a person: the model reads English only", () => {
    const c = classify("Hola, ¿dónde está mi pedido? Todavía no lo he recibido.");
    expect(c.language).toBe("es");
    expect(c.needsHuman).toBe(true);
    expect(c.reasons).toContain("language es: this engine reads en");
  });

  it("lets the configured threshold move the line", () => {
    const strict = new OfflineClassifier(classifier.model, { confidenceThreshold: 0.999999 });
    const lax = new OfflineClassifier(classifier.model, { confidenceThreshold: 0 });
    const text = "Where is my order #1042? It's been a week";
    expect(strict.classifySync({ text }).needsHuman).toBe(true);
    expect(lax.classifySync({ text }).needsHuman).toBe(false);
  });

  it("echoes the id", async () => {
    expect((await classifier.classify({ id: "t-9", text: "thanks!" })).id).toBe("t-9");
  });
});
