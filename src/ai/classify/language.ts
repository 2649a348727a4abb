/**
 * A small offline language guess: the script for non-Latin alphabets, then counts of very
 * common words for the Latin-script languages small Shopify brands hear most. "und" when the
 * message is too short or too mixed to tell.
 */
const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ["ja", /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ["zh", /\p{Script=Han}/gu],
  ["ko", /\p{Script=Hangul}/gu],
  ["ru", /\p{Script=Cyrillic}/gu],
  ["ar", /\p{Script=Arabic}/gu],
  ["he", /\p{Script=Hebrew}/gu],
  ["el", /\p{Script=Greek}/gu],
  ["th", /\p{Script=Thai}/gu],
  ["hi", /\p{Script=Devanagari}/gu],
];
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

const WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ["the", "and", "is", "my", "i", "you", "to", "it", "of", "for", "have", "not", "was", "with", "this", "what", "where", "can", "please", "thanks", "thank", "hi", "hello", "order", "when", "would", "like", "how", "your", "did", "does", "get", "want", "need", "yet", "still", "received"],
  es: ["el", "la", "los", "las", "de", "que", "y", "es", "mi", "un", "una", "por", "para", "con", "no", "pedido", "gracias", "hola", "dónde", "donde", "está", "cuándo", "quiero", "todavía", "recibido"],
  fr: ["le", "la", "les", "de", "des", "et", "est", "je", "mon", "ma", "mes", "un", "une", "pour", "pas", "avec", "commande", "merci", "bonjour", "où", "quand", "reçu", "toujours", "vous", "colis"],
  de: ["der", "die", "das", "und", "ist", "ich", "mein", "meine", "nicht", "ein", "eine", "mit", "für", "bestellung", "danke", "hallo", "wo", "wann", "noch", "erhalten", "habe", "sie", "paket"],
  it: ["il", "lo", "la", "gli", "di", "che", "e", "è", "mio", "mia", "un", "una", "per", "non", "con", "ordine", "grazie", "ciao", "dove", "quando", "ancora", "ricevuto", "ho"],
  pt: ["o", "a", "os", "as", "de", "que", "e", "é", "meu", "minha", "um", "uma", "para", "não", "com", "pedido", "obrigado", "obrigada", "olá", "onde", "quando", "ainda", "recebi"],
  nl: ["de", "het", "een", "en", "is", "ik", "mijn", "niet", "met", "voor", "van", "bestelling", "bedankt", "dank", "hallo", "waar", "wanneer", "nog", "ontvangen", "pakket"],
};

const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(WORDS)) for (const w of words) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);

export function detectLanguage(text: string): string {
  if (NON_LATIN.test(text)) {
    const letters = text.replace(/[^\p{L}]/gu, "");
    for (const [lang, re] of SCRIPTS) {
      const matched = letters.match(re)?.length ?? 0;
      if (matched > 0 && matched >= letters.length / 3) return lang;
    }
  }
  const scores = new Map<string, number>();
  for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) for (const lang of LOOKUP.get(w) ?? []) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || (second && second[1] === best[1])) return "und";
  return best[0];
}
