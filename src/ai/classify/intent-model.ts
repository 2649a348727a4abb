import { vectorize } from "./features.js";
import { logits, type LinearModel } from "./logistic-model.js";
import { softmax } from "./softmax.js";
import type { Label } from "./training-data.js";

/** The offline model as the runtime uses it: vocabulary, weights, labels and the fitted temperature. */
export interface IntentModel {
  /** "logreg-<fingerprint>": recorded with every decision it makes. */
  id: string;
  labels: Label[];
  vocab: Map<string, number>;
  linear: LinearModel;
  temperature: number;
  /** What it was trained from: the data files and the training settings. */
  sourceFingerprint: string;
}

export interface LabelScore {
  label: Label;
  probability: number;
}

/** Calibrated probabilities of every label, best first. */
export function predict(model: IntentModel, text: string): LabelScore[] {
  const p = softmax(logits(model.linear, vectorize(text, model.vocab)), model.temperature);
  return model.labels.map((label, i) => ({ label, probability: p[i]! })).sort((a, b) => b.probability - a.probability);
}
