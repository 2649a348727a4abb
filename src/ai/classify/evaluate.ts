export interface IntentScore {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  /** How many gold examples carry this intent. */
  support: number;
}

export interface Confusion {
  gold: string;
  predicted: string;
  count: number;
}

export interface IntentEvaluation {
  examples: number;
  accuracy: number;
  /** Mean F1 over the intents that occur in the gold labels. */
  macroF1: number;
  perIntent: IntentScore[];
  /** Gold → predicted pairs that differ, most frequent first. */
  confusions: Confusion[];
}

export function evaluateIntents(pairs: ReadonlyArray<{ gold: string; predicted: string }>): IntentEvaluation {
  const tp = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const predCount = new Map<string, number>();
  const confusions = new Map<string, Confusion>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const { gold, predicted } of pairs) {
    inc(goldCount, gold);
    inc(predCount, predicted);
    if (gold === predicted) inc(tp, gold);
    else {
      const key = `${gold}\0${predicted}`;
      const c = confusions.get(key) ?? { gold, predicted, count: 0 };
      c.count++;
      confusions.set(key, c);
    }
  }
  const perIntent = [...goldCount.keys()].sort().map((intent): IntentScore => {
    const t = tp.get(intent) ?? 0;
    const support = goldCount.get(intent) ?? 0;
    const predicted = predCount.get(intent) ?? 0;
    const precision = predicted ? t / predicted : 0;
    const recall = support ? t / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const correct = [...tp.values()].reduce((a, b) => a + b, 0);
  return {
    examples: pairs.length,
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: perIntent.length ? perIntent.reduce((a, s) => a + s.f1, 0) / perIntent.length : 0,
    perIntent,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold)),
  };
}

const pct = (x: number) => x.toFixed(3);

/** A plain-text table for the terminal. */
export function formatEvaluation(e: IntentEvaluation, maxConfusions = 15): string {
  const width = Math.max(6, ...e.perIntent.map((s) => s.intent.length));
  const lines = [`${"intent".padEnd(width)}  precision  recall  f1     support`];
  for (const s of e.perIntent) lines.push(`${s.intent.padEnd(width)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1)}  ${String(s.support).padStart(7)}`);
  lines.push("", `examples ${e.examples}  accuracy ${pct(e.accuracy)}  macro-F1 ${pct(e.macroF1)}`, "");
  lines.push(e.confusions.length ? "confusions (gold → predicted: count)" : "no confusions");
  for (const c of e.confusions.slice(0, maxConfusions)) lines.push(`  ${c.gold} → ${c.predicted}: ${c.count}`);
  return lines.join("\n") + "\n";
}
