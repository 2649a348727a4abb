import { tokenize } from "../text/tokenize.js";
import type { Passage, ScoredPassage } from "./passage.js";
import { expandQuery } from "./query-expansion.js";

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** How many extra times a passage's heading counts toward its terms. */
  headingWeight?: number;
}

interface Doc {
  passage: Passage;
  tf: Map<string, number>;
  length: number;
}

/**
 * Okapi BM25 over passages (Robertson/Spärck Jones, with the non-negative Lucene idf). Headings
 * are counted `headingWeight` extra times, since a help centre's headings are its best summaries.
 * Built once, immutable, searched in memory: a help centre is a few hundred passages at most.
 */
export class Bm25Index {
  readonly #docs: Doc[];
  readonly #df = new Map<string, number>();
  readonly #avgLength: number;
  readonly #k1: number;
  readonly #b: number;

  constructor(passages: readonly Passage[], options: Bm25Options = {}) {
    this.#k1 = options.k1 ?? 1.2;
    this.#b = options.b ?? 0.75;
    const headingWeight = options.headingWeight ?? 2;
    this.#docs = passages.map((passage) => {
      const headingTerms = tokenize(passage.heading);
      const terms = tokenize(passage.text);
      for (let i = 0; i < headingWeight; i++) terms.push(...headingTerms);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      return { passage, tf, length: terms.length };
    });
    for (const d of this.#docs) for (const t of d.tf.keys()) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
    const total = this.#docs.reduce((sum, d) => sum + d.length, 0);
    this.#avgLength = this.#docs.length > 0 ? total / this.#docs.length : 0;
  }

  get size(): number {
    return this.#docs.length;
  }

  passage(id: string): Passage | undefined {
    return this.#docs.find((d) => d.passage.id === id)?.passage;
  }

  /** The `k` best passages for `query`, best first; passages sharing no term are left out. Ties keep index order. */
  search(query: string, k = 3): ScoredPassage[] {
    const terms = [...new Set(tokenize(expandQuery(query)))];
    const n = this.#docs.length;
    const scored: ScoredPassage[] = [];
    for (const d of this.#docs) {
      let score = 0;
      for (const t of terms) {
        const f = d.tf.get(t);
        if (f === undefined) continue;
        const df = this.#df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const norm = f + this.#k1 * (1 - this.#b + (this.#b * d.length) / (this.#avgLength || 1));
        score += (idf * f * (this.#k1 + 1)) / norm;
      }
      if (score > 0) scored.push({ ...d.passage, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, Math.max(0, k));
  }
}
