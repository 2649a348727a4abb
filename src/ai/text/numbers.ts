import { words } from "./tokenize.js";

const UNITS: Readonly<Record<string, number>> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/**
 * Every number a sentence states, digits or words ("thirty", "ninety-day", "2-3", "$6.95",
 * "18.5"), as canonical decimal strings. Used to check that a policy number appears in the
 * passage it claims to come from, however it is spelled. "one" is left out: it is an article
 * more often than a number ("one of our team").
 */
export function numbersIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) found.push(canonical(m[0]));
  const ws = words(text.replace(/-/g, " "));
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] ?? "";
    const tens = TENS[w];
    if (tens !== undefined) {
      const unit = UNITS[ws[i + 1] ?? ""];
      if (unit !== undefined && unit < 10) {
        found.push(String(tens + unit));
        i++;
      } else found.push(String(tens));
      continue;
    }
    const unit = UNITS[w];
    if (unit !== undefined) found.push(String(unit));
  }
  return found;
}

function canonical(raw: string): string {
  const n = Number(raw.replace(/,/g, ""));
  return Number.isFinite(n) ? String(n) : raw;
}
