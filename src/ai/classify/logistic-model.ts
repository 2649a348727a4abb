import { seededRandom } from "../../core/random.js";
import type { SparseVector } from "./features.js";
import { softmax } from "./softmax.js";

/** Multinomial logistic regression over sparse features; weights are [feature][class], row-major. */
export interface LinearModel {
  classes: number;
  features: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** Picked by macro-F1 on the calibration split (never on the eval split). */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 12, learningRate: 1, l2: 1e-4, seed: 20261127 };

export function logits(model: LinearModel, x: SparseVector): Float64Array {
  const k = model.classes;
  const out = Float64Array.from(model.bias);
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j]! * k;
    const v = x.values[j]!;
    for (let c = 0; c < k; c++) out[c]! += model.weights[base + c]! * v;
  }
  return out;
}

/**
 * Plain SGD on the cross-entropy, one example at a time in a seeded shuffle, with a step size
 * that decays per epoch: the same data and seed give the same weights bit for bit. Classes are
 * weighted by inverse frequency (capped) so our forty-example intents are not drowned by
 * Bitext's thousand account questions.
 */
export function trainLogistic(xs: readonly SparseVector[], ys: readonly number[], classes: number, features: number, opts: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel {
  const model: LinearModel = { classes, features, weights: new Float32Array(features * classes), bias: new Float32Array(classes) };
  const counts = new Array<number>(classes).fill(0);
  for (const y of ys) counts[y]!++;
  const classWeight = counts.map((n) => (n === 0 ? 0 : Math.min(5, xs.length / (classes * n))));
  const order = xs.map((_, i) => i);
  const random = seededRandom(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = opts.learningRate / (1 + epoch);
    for (const i of order) {
      const x = xs[i]!;
      const y = ys[i]!;
      const p = softmax(logits(model, x));
      const w = classWeight[y]!;
      for (let c = 0; c < classes; c++) {
        const g = w * (p[c]! - (c === y ? 1 : 0));
        model.bias[c]! -= lr * g;
        for (let j = 0; j < x.indices.length; j++) {
          const at = x.indices[j]! * classes + c;
          model.weights[at] = model.weights[at]! * (1 - lr * opts.l2) - lr * g * x.values[j]!;
        }
      }
    }
  }
  return model;
}
