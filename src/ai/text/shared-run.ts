import { words } from "./tokenize.js";

/** The first run of `n` consecutive words that `text` copies from `source`, if any. */
export function sharedRun(text: string, source: string, n: number): string | null {
  const src = words(source);
  if (src.length < n) return null;
  const grams = new Set<string>();
  for (let i = 0; i + n <= src.length; i++) grams.add(src.slice(i, i + n).join(" "));
  const w = words(text);
  for (let i = 0; i + n <= w.length; i++) {
    const g = w.slice(i, i + n).join(" ");
    if (grams.has(g)) return g;
  }
  return null;
}
