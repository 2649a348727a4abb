/**
 * JSON parsing that never lets an id lose digits.
 *
 * Shopify ids exceed 2^53, and a plain `JSON.parse` rounds `820982911946154508` to
 * `820982911946154500` without a word. Integers that a double cannot hold exactly come back as
 * strings of their exact digits; every other number comes back as a JS number.
 *
 * How: integer literals longer than 15 digits that sit where a value may sit are wrapped in quotes
 * when a double cannot hold them, then the native `JSON.parse` does the rest — first by a regex
 * fast path, else by a careful walk that knows strings. Both give results identical to
 * `lossless-json` 4.3.3 on every fixture (see the tests), several times faster.
 */

export type LosslessParseResult =
  | { ok: true; value: unknown }
  | { ok: false; code: "MALFORMED_JSON" | "INVALID_UTF8"; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

// A double holds every integer of up to 15 digits exactly; 16+ digits may or may not fit.
// A double holds every integer of up to 15 digits exactly; 16+ digits may or may not fit.
const MAX_ALWAYS_SAFE_DIGITS = 15;
const LONG_DIGIT_RUN = /\d{16}/;

/**
 * The fast path, one native regex replace: every 16+ digit integer that follows `:`, `[`, `,` or
 * the start and is followed by `,`, `]`, `}` or the end gets quoted (when a double cannot hold it). It does
 * not know about strings, but it cannot corrupt one silently: inside a string literal the two
 * quotes it adds always leave a string directly followed by a number, which no JSON allows — so
 * the parse fails and the careful walk below runs instead.
 */
const LONG_INTEGER_VALUE = /((?:^|[:[,])\s*)(-?[1-9]\d{15,})(?=\s*(?:[,\]}]|$))/g;

function quoteUnsafeIntegersFast(text: string): string {
  return text.replace(LONG_INTEGER_VALUE, (match: string, before: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? match : `${before}"${digits}"`,
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Returns the text with every unsafe integer literal in value position quoted, or the same string
 * when there is none (the common case allocates nothing).
 *
 * Only value positions are touched (after `:`, `[`, `,` inside an array, or at top level) and only
 * well-formed integer tokens (`-?(0|[1-9][0-9]*)`), so quoting never turns invalid JSON into valid
 * JSON: a string is legal exactly where a number is.
 */
function quoteUnsafeIntegersCarefully(text: string): string {
  let out: string[] | null = null;
  let copiedUpTo = 0;
  // Open containers ("{" or "[" char codes): after a comma, only an array expects a value.
  const stack: number[] = [];
  let prev = -1; // last significant (non-whitespace, outside-string) char code
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // indexOf runs natively; a quote preceded by an odd run of backslashes is escaped.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) break; // unterminated string: JSON.parse will say so
      i = end + 1;
      prev = QUOTE;
      continue;
    }
    if (c === MINUS || isDigit(c)) {
      const start = i;
      if (c === MINUS) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      const next = i < n ? text.charCodeAt(i) : -1;
      const isInteger = next !== DOT && next !== LOWER_E && next !== UPPER_E;
      if (!isInteger) {
        while (i < n) {
          const d = text.charCodeAt(i);
          if (isDigit(d) || d === DOT || d === LOWER_E || d === UPPER_E || d === MINUS || d === 0x2b) i++;
          else break;
        }
      } else if (digits > MAX_ALWAYS_SAFE_DIGITS && text.charCodeAt(digitsStart) !== ZERO) {
        const top = stack.length === 0 ? -1 : stack[stack.length - 1];
        const valuePosition = prev === -1 || prev === COLON || prev === OPEN_BRACKET || (prev === COMMA && top === OPEN_BRACKET);
        if (valuePosition) {
          const literal = text.slice(start, i);
          if (!Number.isSafeInteger(Number(literal))) {
            out ??= [];
            out.push(text.slice(copiedUpTo, start), '"', literal, '"');
            copiedUpTo = i;
          }
        }
      }
      prev = ZERO;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) stack.push(c);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) stack.pop();
    if (!isWhitespace(c)) prev = c;
    i++;
  }
  if (out === null) return text;
  out.push(text.slice(copiedUpTo));
  return out.join("");
}

/** Parses JSON from raw bytes (validated as UTF-8) or a string, keeping big integers exact. */
export function parseJsonLossless(raw: Buffer | string): LosslessParseResult {
  let text: string;
  if (typeof raw === "string") {
    text = raw;
  } else {
    try {
      text = utf8.decode(raw);
    } catch {
      return { ok: false, code: "INVALID_UTF8", message: "body is not valid UTF-8" };
    }
  }
  if (!LONG_DIGIT_RUN.test(text)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }; // carrier payloads: no long integers at all
    } catch (e) {
      return { ok: false, code: "MALFORMED_JSON", message: `body is not valid JSON: ${(e as Error).message}` };
    }
  }
  try {
    return { ok: true, value: JSON.parse(quoteUnsafeIntegersFast(text)) as unknown };
  } catch {
    // A long digit run inside a string, or JSON that is malformed anyway: walk it properly.
  }
  try {
    return { ok: true, value: JSON.parse(quoteUnsafeIntegersCarefully(text)) as unknown };
  } catch (e) {
    return { ok: false, code: "MALFORMED_JSON", message: `body is not valid JSON: ${(e as Error).message}` };
  }
}

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/;

/**
 * An id as an exact decimal string: numbers only when they are safe integers (a rounded double is
 * refused, not guessed), strings as they are. Anything else is null.
 */
export function idString(v: unknown): string | null {
  if (typeof v === "number") return Number.isSafeInteger(v) ? String(v) : null;
  if (typeof v === "string" && v.length > 0) return v;
  return null;
}

/** The numeric part of a Shopify GraphQL id ("gid://shopify/Order/123" → "123"), else null. */
export function gidToId(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const m = GID.exec(v);
  return m ? (m[1] ?? null) : null;
}
