import { softmax } from "./softmax.js";

/** Mean negative log-likelihood of the true labels at a temperature. */
export function negLogLikelihood(allLogits: readonly Float64Array[], labels: readonly number[], temperature: number): number {
  let sum = 0;
  for (let i = 0; i < allLogits.length; i++) sum -= Math.log(Math.max(1e-12, softmax(allLogits[i]!, temperature)[labels[i]!]!));
  return sum / Math.max(1, allLogits.length);
}

/**
 * Temperature scaling (Guo et al., 2017): one scalar T that divides the logits, fitted on a
 * held-out split by golden-section search over log T. It changes no prediction, only how sure
 * the model says it is, which is what "low confidence → human" relies on.
 */
export function fitTemperature(allLogits: readonly Float64Array[], labels: readonly number[]): number {
  if (allLogits.length === 0) return 1;
  const f = (logT: number) => negLogLikelihood(allLogits, labels, Math.exp(logT));
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
