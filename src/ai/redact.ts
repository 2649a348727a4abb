import { z } from "zod";

export const PiiKind = z.enum(["email", "phone", "card", "address", "name"]);
export type PiiKind = z.infer<typeof PiiKind>;

export const RedactionFound = z.object({ kind: PiiKind, placeholder: z.string() });
export type RedactionFound = z.infer<typeof RedactionFound>;

export interface Redacted {
  text: string;
  found: RedactionFound[];
}

export interface RedactOptions {
  /** Customer names known from context (first, last or full); matched whole-word, any case. */
  names?: readonly string[];
  /** Values that are not personal data and must survive verbatim: order and tracking numbers. */
  keep?: readonly string[];
}

interface Pattern {
  kind: Exclude<PiiKind, "name">;
  re: RegExp;
  accept?: (match: string) => boolean;
}

const STREET_TYPES =
  "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy";

// Order matters: an email before a phone (digits in the local part), a card before a phone.
const PATTERNS: readonly Pattern[] = [
  { kind: "email", re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { kind: "card", re: /(?<![\w-])\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?(?![\w-])/g },
  { kind: "card", re: /(?<![\w-])\d{13,19}(?![\w-])/g, accept: luhn },
  { kind: "phone", re: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w])/g, accept: (m) => digitCount(m) >= 8 },
  { kind: "phone", re: /(?<![\w-])(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g },
  {
    kind: "address",
    re: new RegExp(
      `\\b\\d{1,6}\\s+(?:[A-Z][A-Za-z]*\\.?\\s+){1,4}(?:${STREET_TYPES})\\b\\.?(?:,?\\s+(?:Apt|Apartment|Unit|Suite|Ste)\\.?\\s*#?\\w+)?`,
      "g",
    ),
  },
  { kind: "address", re: /\bP\.?\s?O\.?\s+Box\s+\d+\b/gi },
];

/**
 * Replaces personal data with placeholders before text leaves for a language model. One redactor
 * per conversation: the same value always gets the same placeholder (`[EMAIL_1]`), across every
 * text it redacts, so the model can still refer to "[NAME_1]" and `restore` can put it back.
 * Order and tracking numbers are not personal data; pass them in `keep` so that a tracking number
 * that happens to look like a card or phone number stays intact.
 */
export class Redactor {
  readonly #names: string[];
  readonly #keep: string[];
  readonly #byValue = new Map<string, RedactionFound & { value: string }>();
  readonly #counts = new Map<PiiKind, number>();

  constructor(options: RedactOptions = {}) {
    this.#names = [...new Set((options.names ?? []).map((n) => n.trim()).filter((n) => n.length > 1))].sort(
      (a, b) => b.length - a.length,
    );
    this.#keep = [...new Set((options.keep ?? []).filter((k) => k.length > 0))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): Redacted {
    const kept: string[] = [];
    let out = text;
    for (const k of this.#keep) {
      out = out.split(k).join(sentinel(kept.length));
      kept.push(k);
    }
    const found = new Map<string, RedactionFound>();
    const replace = (kind: PiiKind, value: string): string => {
      const entry = this.#placeholderFor(kind, value);
      found.set(entry.placeholder, { kind: entry.kind, placeholder: entry.placeholder });
      return entry.placeholder;
    };
    for (const p of PATTERNS) {
      out = out.replace(p.re, (m) => (p.accept && !p.accept(m) ? m : replace(p.kind, m)));
    }
    for (const name of this.#names) {
      out = out.replace(new RegExp(`(?<![\\w])${escapeRegExp(name)}(?![\\w])`, "gi"), (m) => replace("name", m));
    }
    out = out.replace(/\uE000([\uE010-\uE019]+)\uE000/g, (_, i: string) => kept[sentinelIndex(i)] ?? "");
    return { text: out, found: [...found.values()] };
  }

  /** Put the original values back into text the model wrote with our placeholders. */
  restore(text: string): string {
    let out = text;
    for (const e of this.#byValue.values()) out = out.split(e.placeholder).join(e.value);
    return out;
  }

  /** Every placeholder handed out so far. */
  get found(): RedactionFound[] {
    return [...this.#byValue.values()].map(({ kind, placeholder }) => ({ kind, placeholder }));
  }

  #placeholderFor(kind: PiiKind, value: string): RedactionFound & { value: string } {
    const key = `${kind}:${normalise(kind, value)}`;
    const existing = this.#byValue.get(key);
    if (existing) return existing;
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const entry = { kind, placeholder: `[${kind.toUpperCase()}_${n}]`, value };
    this.#byValue.set(key, entry);
    return entry;
  }
}

/** Redact one text on its own (placeholders numbered from 1). */
export function redact(text: string, options: RedactOptions = {}): Redacted {
  return new Redactor(options).redact(text);
}

// Kept values hide behind private-use characters: no pattern (digits, words) can match inside them.
function sentinel(i: number): string {
  return `\uE000${[...String(i)].map((d) => String.fromCharCode(0xe010 + Number(d))).join("")}\uE000`;
}

function sentinelIndex(chars: string): number {
  return Number([...chars].map((c) => c.charCodeAt(0) - 0xe010).join(""));
}

function normalise(kind: PiiKind, value: string): string {
  if (kind === "phone" || kind === "card") return value.replace(/\D/g, "");
  return value.toLowerCase().replace(/\s+/g, " ");
}

function digitCount(s: string): number {
  return s.replace(/\D/g, "").length;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
