/**
 * Run by `npm run build` after tsc: trains the offline intent model from data/intents and
 * writes dist/intent-model.json, which the runtime loads instead of training at start.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { toModelFile } from "./model-file.js";
import { DEFAULT_DATA_DIR, DEFAULT_MODEL_FILE } from "./model-source.js";
import { trainIntentModel } from "./train.js";
import { dataFingerprint, readTrainingData } from "./training-data.js";

const started = performance.now();
const data = readTrainingData(DEFAULT_DATA_DIR);
const model = trainIntentModel(data, dataFingerprint(DEFAULT_DATA_DIR));
mkdirSync(dirname(DEFAULT_MODEL_FILE), { recursive: true });
writeFileSync(DEFAULT_MODEL_FILE, JSON.stringify(toModelFile(model)));
process.stdout.write(
  `intent model ${model.id}: ${data.train.length} training examples, ${model.vocab.size} features, temperature ${model.temperature.toFixed(3)}, ${Math.round(performance.now() - started)} ms → ${DEFAULT_MODEL_FILE}\n`,
);
