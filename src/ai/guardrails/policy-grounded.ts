import type { Passage } from "../knowledge/passage.js";
import { numbersIn } from "../text/numbers.js";
import { tokenize } from "../text/tokenize.js";
import { findDates } from "./extract/dates.js";
import { findOrderNumbers, findTrackingLike, findUrls } from "./extract/identifiers.js";
import { findMoney } from "./extract/money.js";
import { failed, passed, type Guardrail } from "./guardrail.js";
import { knownValues } from "./known-values.js";
import { policySentences } from "./policy-statements.js";

/** Share of a sentence's content words that a passage must contain to support it. */
export const MIN_OVERLAP = 0.5;

/**
 * A draft may state policy only as the retrieved passages state it: each policy sentence needs one
 * passage that holds every number it states and at least half of its content words. "90-day
 * returns" against a passage that says 30 days fails on the number, however fluent it reads.
 * Order facts (dates, amounts, ids) are taken out first: facts-match judges those.
 */
export const policyGrounded: Guardrail = (draft, context) => {
  const known = new Set(context.passages.map((p) => p.id));
  const unknownCited = draft.passagesUsed.filter((id) => !known.has(id));
  if (unknownCited.length > 0) {
    return failed("policy-grounded", unknownCited, `cites passages that were not retrieved: ${unknownCited.join(", ")}`);
  }
  const facts = knownValues({ ...context, passages: [] });
  const unsupported: string[] = [];
  for (const sentence of policySentences(draft.text)) {
    const claim = withoutFacts(sentence, facts.cents);
    if (!context.passages.some((p) => supports(p, claim))) unsupported.push(sentence);
  }
  if (unsupported.length === 0) {
    return passed("policy-grounded", "every policy statement is backed by a retrieved passage");
  }
  return failed(
    "policy-grounded",
    unsupported,
    `policy not found in the retrieved passages (${context.passages.map((p) => p.id).join(", ") || "none retrieved"}): ${unsupported.map((s) => `"${s}"`).join(", ")}`,
  );
};

export function supports(passage: Passage, claim: string): boolean {
  const passageNumbers = new Set(numbersIn(passage.text));
  if (!numbersIn(claim).every((n) => passageNumbers.has(n))) return false;
  const claimTokens = new Set(tokenize(claim).filter((t) => !/^\d/.test(t)));
  if (claimTokens.size === 0) return true;
  const passageTokens = new Set(tokenize(`${passage.heading} ${passage.text}`));
  const shared = [...claimTokens].filter((t) => passageTokens.has(t)).length;
  return shared / claimTokens.size >= MIN_OVERLAP;
}

function withoutFacts(sentence: string, factCents: Set<number>): string {
  let out = sentence;
  const strip = (s: string) => (out = out.replace(s, " "));
  findUrls(out).forEach(strip);
  findDates(out).forEach((d) => strip(d.text));
  findMoney(out).filter((m) => factCents.has(m.cents)).forEach((m) => strip(m.text));
  findTrackingLike(out).forEach(strip);
  findOrderNumbers(out).forEach((n) => (out = out.replace(new RegExp(`#?${n}\\b`), " ")));
  return out;
}
