/**
 * Word tokens for retrieval and overlap checks: lower-cased, stop words dropped, lightly stemmed
 * so that "returns", "returned" and "returning" meet at "return". A small suffix stripper is
 * enough for help-centre English and keeps retrieval deterministic and dependency-free.
 */

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its " +
    "just me my of on or our ours so than that the their them then there these they this to too us was we were " +
    "what when where which who why will with would you your yours hi hello hey please thanks thank " +
    "until want need like get got know something anything some any also still"
  ).split(" "),
);

export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 4) return word.slice(0, -2);
  if (word.endsWith("es") && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/** Every word, lower-cased, in order (stop words kept): for phrase and n-gram checks. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Content tokens: stop words dropped, stemmed. */
export function tokenize(text: string): string[] {
  return words(text)
    .map((w) => w.replace(/'[a-z]+$/, ""))
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(stem);
}
