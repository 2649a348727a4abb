import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { BITEXT_TO_INTENT } from "./bitext-mapping.js";
import { csvRecords } from "./csv.js";
import { Intent } from "./intents.js";
import { splitOf, fnv1a, type Split } from "./split.js";

/** The model's label for "not a store request at all" (banking, travel, small talk). */
export const OUT_OF_SCOPE = "out_of_scope";
export type Label = Intent | typeof OUT_OF_SCOPE;

export interface Example {
  text: string;
  label: Label;
  source: "bitext" | "firebreak" | "clinc150";
}

export interface TrainingData {
  train: Example[];
  calibration: Example[];
  /** In-scope messages training never sees: macro-F1 is measured here. */
  eval: Example[];
  /** Out-of-scope messages training never sees (clinc150 val + oos_val): the rejection rate. */
  oodEval: Example[];
}

export const DATA_FILES = {
  bitext: "bitext/bitext-train-4514.csv",
  firebreak: "firebreak-labeled.jsonl",
  clinc150: "clinc150/clinc150-train-val.json",
} as const;

/**
 * clinc150 intents a store inbox does receive (order status, declined cards, fraud, thanks,
 * greetings and yes/no replies): left out of the out-of-scope class so that the model does not
 * learn to reject store requests.
 */
const CLINC_IN_SCOPE = new Set([
  "order", "order_status", "card_declined", "report_fraud", "thank_you", "greeting", "goodbye", "yes", "no", "maybe",
  "cancel", "are_you_a_bot", "redeem_rewards", "rewards_balance", "repeat", "what_can_i_ask_you", "who_do_you_work_for",
]);

/** How many out-of-scope examples per clinc150 intent join training; the rest stays unseen. */
const CLINC_PER_INTENT = 30;

type ClincRow = [string, string];
type ClincSplit = "train" | "val" | "oos_train" | "oos_val";

/** A shape check by hand: zod over 18,000 tuples costs half a second at every start. */
function clincSplits(json: string): Record<ClincSplit, ClincRow[]> {
  const d = JSON.parse(json) as Record<string, unknown>;
  const isRow = (r: unknown): r is ClincRow => Array.isArray(r) && r.length === 2 && typeof r[0] === "string" && typeof r[1] === "string";
  const rows = (k: ClincSplit): ClincRow[] => {
    const v = d[k];
    if (!Array.isArray(v) || !v.every(isRow)) throw new Error(`clinc150: "${k}" is not a list of [text, intent]`);
    return v;
  };
  return { train: rows("train"), val: rows("val"), oos_train: rows("oos_train"), oos_val: rows("oos_val") };
}
const LabeledLine = z.object({ text: z.string().min(1), intent: Intent });

export function parseBitext(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv)) {
    const label = BITEXT_TO_INTENT[r.intent ?? ""];
    if (label && r.instruction) out.push({ text: r.instruction, label, source: "bitext" });
  }
  return out;
}

export function parseLabeledJsonl(text: string, source: Example["source"] = "firebreak"): Example[] {
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const parsed = LabeledLine.parse(JSON.parse(l));
      return { text: parsed.text, label: parsed.intent, source };
    });
}

/** clinc150's out-of-scope pool: a few per other-domain intent plus oos_train for training; val + oos_val held out. */
export function parseClinc(json: string): { pool: Example[]; heldOut: Example[] } {
  const d = clincSplits(json);
  const ood = ([text, intent]: ClincRow) => !CLINC_IN_SCOPE.has(intent) && text.trim() !== "";
  const perIntent = new Map<string, number>();
  const pool: Example[] = [];
  // Ordered by hash so the chosen few per intent do not depend on the file's row order.
  const train = d.train.filter(ood).sort((a, b) => fnv1a(a[0]) - fnv1a(b[0]));
  for (const [text, intent] of train) {
    const n = perIntent.get(intent) ?? 0;
    if (n >= CLINC_PER_INTENT) continue;
    perIntent.set(intent, n + 1);
    pool.push({ text, label: OUT_OF_SCOPE, source: "clinc150" });
  }
  for (const [text] of d.oos_train) pool.push({ text, label: OUT_OF_SCOPE, source: "clinc150" });
  const heldOut = [...d.val, ...d.oos_val].filter(ood).map(([text]): Example => ({ text, label: OUT_OF_SCOPE, source: "clinc150" }));
  return { pool, heldOut };
}

/** Splits pooled examples by text hash; the same text never lands on two sides. */
export function splitExamples(examples: readonly Example[], oodEval: Example[]): TrainingData {
  const out: Record<Split, Example[]> = { train: [], calibration: [], eval: [] };
  for (const e of examples) out[splitOf(e.text)].push(e);
  // Out-of-scope rows from the pool that hashed into eval join oodEval, not the in-scope eval.
  const evalInScope = out.eval.filter((e) => e.label !== OUT_OF_SCOPE);
  const evalOod = out.eval.filter((e) => e.label === OUT_OF_SCOPE);
  return { train: out.train, calibration: out.calibration, eval: evalInScope, oodEval: [...oodEval, ...evalOod] };
}

/** The I/O shell: reads the shipped data folder. */
export function readTrainingData(dataDir: string): TrainingData {
  const read = (rel: string) => readFileSync(join(dataDir, rel), "utf8");
  const clinc = parseClinc(read(DATA_FILES.clinc150));
  const pooled = [...parseBitext(read(DATA_FILES.bitext)), ...parseLabeledJsonl(read(DATA_FILES.firebreak)), ...clinc.pool];
  return splitExamples(pooled, clinc.heldOut);
}

export function hasTrainingData(dataDir: string): boolean {
  return Object.values(DATA_FILES).every((rel) => existsSync(join(dataDir, rel)));
}

/** A fingerprint of the data files: a model built from other data is stale. */
export function dataFingerprint(dataDir: string): string {
  let h = 0;
  for (const rel of Object.values(DATA_FILES)) h = (Math.imul(h, 31) + fnv1a(readFileSync(join(dataDir, rel), "utf8"))) >>> 0;
  return h.toString(16);
}
