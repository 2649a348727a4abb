/** A named pattern; the first match is kept as evidence so every flag can quote what it saw. */
export interface PhraseRule<K extends string> {
  kind: K;
  pattern: RegExp;
}

export interface PhraseHit<K extends string> {
  kind: K;
  phrase: string;
}

/** One hit per kind (the first rule of that kind that matches), in rule order. */
export function matchRules<K extends string>(text: string, rules: ReadonlyArray<PhraseRule<K>>): Array<PhraseHit<K>> {
  const hits: Array<PhraseHit<K>> = [];
  const seen = new Set<K>();
  for (const rule of rules) {
    if (seen.has(rule.kind)) continue;
    const m = rule.pattern.exec(text);
    if (!m) continue;
    seen.add(rule.kind);
    hits.push({ kind: rule.kind, phrase: m[0].replace(/\s+/g, " ").trim() });
  }
  return hits;
}
