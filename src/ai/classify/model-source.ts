import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IntentModel } from "./intent-model.js";
import { fromModelFile } from "./model-file.js";
import { sourceFingerprint, trainIntentModel } from "./train.js";
import { dataFingerprint, hasTrainingData, readTrainingData } from "./training-data.js";

/** src/ai/classify and dist/ai/classify are both three levels below the package root. */
const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const DEFAULT_DATA_DIR = join(PACKAGE_ROOT, "data", "intents");
export const DEFAULT_MODEL_FILE = join(PACKAGE_ROOT, "dist", "intent-model.json");

export interface ModelSource {
  dataDir: string;
  modelFile: string;
}

export interface LoadedModel {
  model: IntentModel;
  /** "file" when read from the build's model file, "trained" when trained in this process. */
  origin: "file" | "trained";
  note?: string;
}

const cache = new Map<string, LoadedModel>();

/** `readOrTrainIntentModel`, once per process and source. */
export function loadIntentModel(src: ModelSource = { dataDir: DEFAULT_DATA_DIR, modelFile: DEFAULT_MODEL_FILE }): LoadedModel {
  const key = `${src.dataDir}\0${src.modelFile}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const loaded = readOrTrainIntentModel(src);
  cache.set(key, loaded);
  return loaded;
}

/**
 * The build's model file when it matches the shipped data (or the data is not shipped);
 * otherwise the model trains in-process from the data.
 */
export function readOrTrainIntentModel(src: ModelSource): LoadedModel {
  const haveData = hasTrainingData(src.dataDir);
  const dataPrint = haveData ? dataFingerprint(src.dataDir) : undefined;
  const fingerprint = dataPrint === undefined ? undefined : sourceFingerprint(dataPrint);
  let note: string | undefined;
  if (existsSync(src.modelFile)) {
    const file = fromModelFile(JSON.parse(readFileSync(src.modelFile, "utf8")));
    if (file.ok && (fingerprint === undefined || file.model.sourceFingerprint === fingerprint)) return { model: file.model, origin: "file" };
    note = file.ok ? `${src.modelFile} was built from other data or settings; retrained` : `${src.modelFile}: ${file.reason}; retrained`;
  }
  if (!haveData || dataPrint === undefined) throw new Error(`no intent model: neither ${src.modelFile} nor the training data in ${src.dataDir}`);
  const model = trainIntentModel(readTrainingData(src.dataDir), dataPrint);
  return note ? { model, origin: "trained", note } : { model, origin: "trained" };
}
