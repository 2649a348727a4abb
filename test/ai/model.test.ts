import { mkdirSync, mkdtempSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/ai/classify/csv.js";
import { splitOf } from "../../src/ai/classify/split.js";
import { predict } from "../../src/ai/classify/intent-model.js";
import { fromModelFile, toModelFile } from "../../src/ai/classify/model-file.js";
import { readOrTrainIntentModel } from "../../src/ai/classify/model-source.js";
import { trainIntentModel } from "../../src/ai/classify/train.js";
import { DEFAULT_TRAIN_OPTIONS } from "../../src/ai/classify/logistic-model.js";
import { dataFingerprint, readTrainingData } from "../../src/ai/classify/training-data.js";

/** A data folder in the shipped layout, small enough to train in milliseconds. */
function tinyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "fb-intents-"));
  mkdirSync(join(dir, "bitext"));
  mkdirSync(join(dir, "clinc150"));
  const rows = ["instruction,intent"];
  for (let i = 0; i < 30; i++) {
    rows.push(`"where is my order ${i}, please",track_order`, `cancel order ${i} now,cancel_order`, `"I forgot my password, account ${i}",recover_password`);
  }
  writeFileSync(join(dir, "bitext", "bitext-train-4514.csv"), rows.join("\n") + "\n");
  const own = [];
  for (let i = 0; i < 20; i++) own.push({ text: `the vase ${i} arrived broken`, intent: "order/damaged" }, { text: `thank you ${i}!`, intent: "other/thanks" });
  writeFileSync(join(dir, "firebreak-labeled.jsonl"), own.map((o) => JSON.stringify(o)).join("\n") + "\n");
  const clinc = {
    train: Array.from({ length: 40 }, (_, i) => [`what is the weather on day ${i}`, "weather"]),
    val: [["will it rain tomorrow", "weather"]],
    oos_train: [["how tall is mount everest", "oos"]],
    oos_val: [["what is the capital of peru", "oos"]],
  };
  writeFileSync(join(dir, "clinc150", "clinc150-train-val.json"), JSON.stringify(clinc));
  return dir;
}

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes, newlines and CRLF", () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\nlast,,\n')).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["last", "", ""],
    ]);
  });
});

describe("splitOf", () => {
  it("puts a text and its case or whitespace variants on the same side", () => {
    expect(splitOf("Where is my order?")).toBe(splitOf("  where is my ORDER? "));
  });

  it("holds out about a fifth of the texts", () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `message number ${i}`);
    const held = texts.filter((t) => splitOf(t) === "eval").length / texts.length;
    expect(held).toBeGreaterThan(0.17);
    expect(held).toBeLessThan(0.23);
  });
});

describe("training and the model file", () => {
  it("trains deterministically: the same data gives the same weights", () => {
    const dir = tinyDataDir();
    const a = trainIntentModel(readTrainingData(dir), "t");
    const b = trainIntentModel(readTrainingData(dir), "t");
    expect(Buffer.from(a.linear.weights.buffer).equals(Buffer.from(b.linear.weights.buffer))).toBe(true);
    expect(a.temperature).toBe(b.temperature);
    expect(predict(a, "my order 99 hasn't come, where is it")[0]!.label).toBe("shipping/status");
  });

  it("round-trips through the file format with identical predictions", () => {
    const model = trainIntentModel(readTrainingData(tinyDataDir()), "t");
    const back = fromModelFile(JSON.parse(JSON.stringify(toModelFile(model))));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    for (const text of ["the lamp arrived broken", "cancel order 5", "what is the weather"]) expect(predict(back.model, text)).toEqual(predict(model, text));
  });

  it("names the training settings in the model id: other settings, another model", () => {
    const data = readTrainingData(tinyDataDir());
    const a = trainIntentModel(data, "d");
    const b = trainIntentModel(data, "d", { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 });
    expect(a.id).toMatch(/^logreg-d[0-9a-f]{8}$/);
    expect(b.id).not.toBe(a.id);
  });

  it("refuses a file of another version or with weights that do not fit", () => {
    const file = toModelFile(trainIntentModel(readTrainingData(tinyDataDir()), "t"));
    expect(fromModelFile({ ...file, version: 2 }).ok).toBe(false);
    expect(fromModelFile({ ...file, vocab: file.vocab.slice(1) })).toEqual({ ok: false, reason: "weights do not match the vocabulary and labels" });
  });

  it("loads the build's file when it matches the data, and retrains when the data changed", () => {
    const dir = tinyDataDir();
    const modelFile = join(dir, "model.json");
    expect(readOrTrainIntentModel({ dataDir: dir, modelFile }).origin).toBe("trained");
    writeFileSync(modelFile, JSON.stringify(toModelFile(trainIntentModel(readTrainingData(dir), dataFingerprint(dir)))));
    expect(readOrTrainIntentModel({ dataDir: dir, modelFile }).origin).toBe("file");
    appendFileSync(join(dir, "firebreak-labeled.jsonl"), JSON.stringify({ text: "is it vegan?", intent: "product/question" }) + "\n");
    const stale = readOrTrainIntentModel({ dataDir: dir, modelFile });
    expect(stale.origin).toBe("trained");
    expect(stale.note).toBe(`${modelFile} was built from other data or settings; retrained`);
  });
});
