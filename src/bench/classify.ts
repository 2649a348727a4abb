/**
 * `npm run bench` (last): the offline intent classifier. Macro-F1 on the 20 % of the shipped
 * labeled data that training never sees (split by text hash), the out-of-scope rejection rate on
 * clinc150's held-out other-domain messages, how often a held-out store message is sent to a
 * person, accuracy per confidence bucket (calibration), and throughput beside a reference
 * measured in the same run: tokenizing and extracting the features of the same messages only.
 */
import { performance } from "node:perf_hooks";
import { evaluateIntents } from "../ai/classify/evaluate.js";
import { featureKeys } from "../ai/classify/features.js";
import { DEFAULT_DATA_DIR, loadIntentModel } from "../ai/classify/model-source.js";
import { OfflineClassifier } from "../ai/classify/offline-classifier.js";
import { readTrainingData, type Example } from "../ai/classify/training-data.js";

const ROUNDS = Number(process.env.BENCH_CLASSIFY_ROUNDS ?? 3);

const loadStart = performance.now();
const loaded = loadIntentModel();
const loadMs = performance.now() - loadStart;
const data = readTrainingData(DEFAULT_DATA_DIR);
const classifier = new OfflineClassifier(loaded.model);

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function scoreSplit(examples: readonly Example[]) {
  const results = examples.map((e) => ({ e, c: classifier.classifySync({ text: e.text }) }));
  return { results, evaluation: evaluateIntents(results.map(({ e, c }) => ({ gold: e.label, predicted: c.intent }))) };
}

const inScope = scoreSplit(data.eval);
const bySource = (source: Example["source"]) => evaluateIntents(inScope.results.filter((r) => r.e.source === source).map(({ e, c }) => ({ gold: e.label, predicted: c.intent })));
const ood = data.oodEval.map((e) => classifier.classifySync({ text: e.text }));
const rejected = ood.filter((c) => c.needsHuman).length;
const inScopeToHuman = inScope.results.filter((r) => r.c.needsHuman).length;
const confident = inScope.results.filter((r) => !r.c.needsHuman);
const confidentAccuracy = confident.filter((r) => r.c.intent === r.e.label).length / Math.max(1, confident.length);

const buckets = [0, 0.4, 0.6, 0.8, 0.9, 1.0001];
const calibration = buckets.slice(0, -1).map((lo, i) => {
  const hi = buckets[i + 1]!;
  const rows = inScope.results.filter((r) => r.c.confidence >= lo && r.c.confidence < hi);
  const right = rows.filter((r) => r.c.intent === r.e.label).length;
  const meanConfidence = rows.reduce((a, r) => a + r.c.confidence, 0) / Math.max(1, rows.length);
  return { range: `${lo.toFixed(1)}–${Math.min(1, hi).toFixed(1)}`, n: rows.length, accuracy: rows.length ? right / rows.length : NaN, meanConfidence };
});

const texts = [...data.eval, ...data.oodEval].map((e) => e.text);
function timed(fn: (t: string) => unknown): number {
  fn(texts[0]!); // warm up
  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const t of texts) fn(t);
  return performance.now() - start;
}
const refMs = timed((t) => featureKeys(t));
const fullMs = timed((t) => classifier.classifySync({ text: t }));
const rate = (ms: number) => Math.round((texts.length * ROUNDS) / (ms / 1000));

const out = process.stdout;
out.write(`\nclassify: node ${process.version}, model ${loaded.model.id} (${loaded.origin === "file" ? "read from the build's model file" : "trained in this process"} in ${Math.round(loadMs)} ms), ${loaded.model.vocab.size} features, temperature ${f3(loaded.model.temperature)}\n`);
out.write(`train ${data.train.length}, calibration ${data.calibration.length}, held-out in-scope ${data.eval.length}, held-out out-of-scope ${data.oodEval.length}\n\n`);
out.write("| measurement | value |\n|---|---:|\n");
out.write(`| macro-F1, held-out split (all sources) | ${f3(inScope.evaluation.macroF1)} |\n`);
out.write(`| accuracy, held-out split | ${f3(inScope.evaluation.accuracy)} |\n`);
out.write(`| macro-F1, held-out Bitext rows only (templated, synthetic) | ${f3(bySource("bitext").macroF1)} |\n`);
out.write(`| macro-F1, held-out hand-written rows only (${inScope.results.filter((r) => r.e.source === "firebreak").length} messages) | ${f3(bySource("firebreak").macroF1)} |\n`);
out.write(`| out-of-scope messages sent to a person (rejection rate) | ${pct(rejected / Math.max(1, ood.length))} |\n`);
out.write(`| held-out store messages sent to a person (any reason) | ${pct(inScopeToHuman / Math.max(1, inScope.results.length))} |\n`);
out.write(`| accuracy of the held-out store messages kept automatic | ${f3(confidentAccuracy)} |\n\n`);
out.write("| confidence | messages | mean confidence | accuracy |\n|---|---:|---:|---:|\n");
for (const b of calibration) out.write(`| ${b.range} | ${b.n} | ${b.n ? f3(b.meanConfidence) : "–"} | ${b.n ? f3(b.accuracy) : "–"} |\n`);
out.write("\n| throughput | ms | messages/s | vs reference |\n|---|---:|---:|---:|\n");
out.write(`| reference: tokenize + feature keys only | ${Math.round(refMs)} | ${rate(refMs)} | 100% |\n`);
out.write(`| classify: features + model + rules + entities + language + decision | ${Math.round(fullMs)} | ${rate(fullMs)} | ${((refMs / fullMs) * 100).toFixed(0)}% |\n`);
out.write(`\ntop confusions: ${inScope.evaluation.confusions.slice(0, 6).map((c) => `${c.gold} → ${c.predicted} (${c.count})`).join("; ")}\n`);
