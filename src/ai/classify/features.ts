/**
 * Text → sparse features for the offline model: words, word bigrams and character 3- and
 * 4-grams inside words (these carry typos and inflections: "recieved" still shares "rec",
 * "ved"). Digits collapse to "0" so order and tracking numbers do not become vocabulary.
 */
export function tokenize(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").replace(/\d+/g, "0");
  return normalized.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

export function featureKeys(text: string): string[] {
  const words = tokenize(text);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    keys.add(`w:${w}`);
    if (i > 0) keys.add(`b:${words[i - 1]} ${w}`);
    const padded = ` ${w} `;
    for (let n = 3; n <= 4; n++) {
      for (let j = 0; j + n <= padded.length; j++) keys.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  if (words.length <= 2) keys.add("len:short");
  return [...keys];
}

/** A feature vector: vocabulary indices with L2-normalized binary weights. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export function vectorize(text: string, vocab: ReadonlyMap<string, number>): SparseVector {
  const idx: number[] = [];
  for (const k of featureKeys(text)) {
    const i = vocab.get(k);
    if (i !== undefined) idx.push(i);
  }
  const v = idx.length ? 1 / Math.sqrt(idx.length) : 0;
  return { indices: Int32Array.from(idx), values: new Float32Array(idx.length).fill(v) };
}

/** The vocabulary: every feature seen in at least `minCount` training texts, in first-seen order. */
export function buildVocab(texts: readonly string[], minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const k of featureKeys(t)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [k, n] of counts) if (n >= minCount) vocab.set(k, vocab.size);
  return vocab;
}
