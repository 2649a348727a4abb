/** FNV-1a over UTF-16 code units: stable across runs and platforms, no crypto needed. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Split = "train" | "calibration" | "eval";

/**
 * Which split a text belongs to, by a hash of its normalized text: 20 % eval (training never
 * sees it), 10 % calibration (fits the temperature only), 70 % train. Hashing the text, not the
 * row number, keeps exact duplicates on one side.
 */
export function splitOf(text: string): Split {
  const bucket = fnv1a(text.trim().toLowerCase()) % 10;
  if (bucket < 2) return "eval";
  if (bucket === 2) return "calibration";
  return "train";
}
