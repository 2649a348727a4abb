import { buildVocab, vectorize } from "./features.js";
import { fitTemperature } from "./calibration.js";
import type { IntentModel } from "./intent-model.js";
import { INTENTS } from "./intents.js";
import { DEFAULT_TRAIN_OPTIONS, logits, trainLogistic, type TrainOptions } from "./logistic-model.js";
import { fnv1a } from "./split.js";
import { OUT_OF_SCOPE, type Label, type TrainingData } from "./training-data.js";

export const MIN_FEATURE_COUNT = 2;

/** Data plus settings: a model file built with other settings is as stale as one built from other data. */
export function sourceFingerprint(dataFingerprint: string, opts: TrainOptions = DEFAULT_TRAIN_OPTIONS): string {
  return `${dataFingerprint}${fnv1a(JSON.stringify({ opts, MIN_FEATURE_COUNT, INTENTS })).toString(16).padStart(8, "0")}`;
}

/** Trains on `train`, fits the temperature on `calibration`; `eval` and `oodEval` stay unseen. */
export function trainIntentModel(data: Pick<TrainingData, "train" | "calibration">, dataFingerprint: string, opts: TrainOptions = DEFAULT_TRAIN_OPTIONS): IntentModel {
  const fingerprint = sourceFingerprint(dataFingerprint, opts);
  const labels: Label[] = [...INTENTS, OUT_OF_SCOPE];
  const index = new Map(labels.map((l, i) => [l, i]));
  const vocab = buildVocab(
    data.train.map((e) => e.text),
    MIN_FEATURE_COUNT,
  );
  const xs = data.train.map((e) => vectorize(e.text, vocab));
  const ys = data.train.map((e) => index.get(e.label)!);
  const linear = trainLogistic(xs, ys, labels.length, vocab.size, opts);
  const calLogits = data.calibration.map((e) => logits(linear, vectorize(e.text, vocab)));
  const temperature = fitTemperature(
    calLogits,
    data.calibration.map((e) => index.get(e.label)!),
  );
  return { id: `logreg-${fingerprint}`, labels, vocab, linear, temperature, sourceFingerprint: fingerprint };
}
