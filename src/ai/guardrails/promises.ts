import type { PromiseKind } from "../drafts/draft-context.js";
import { sentences } from "../text/sentences.js";

export interface PromiseFound {
  kind: PromiseKind;
  sentence: string;
}

const KIND_WORDS: readonly [PromiseKind, RegExp][] = [
  ["refund", /\brefund(s|ed|ing)?\b|\bmoney back\b|\breimburs/i],
  ["store_credit", /\b(store|account) credit\b|\bcredit(ed)? (you|your account)\b|\bgift card\b/i],
  ["discount", /\bdiscount|\bcoupon|\bpromo(tional)? code|\b\d+ ?% off\b|\bfree (shipping|upgrade|gift)\b|\b(use|apply) (the )?code\b/i],
  ["reship", /\bre-?ship|\bsend (you )?(out )?(a |another |the )?(new|fresh|second) (one|parcel|package|order|item|pair)|\bship (you )?(a new|another)\b/i],
  ["replacement", /\breplac(e|ed|ement|ing)\b/i],
  ["exception", /\bexception\b|\bwaiv(e|ed|ing)\b|\bextend(ed|ing)? (the|your) (return )?(window|deadline)|\bas a (one-time )?courtesy\b|\bone-time\b|\boverrid/i],
];

// A commitment by the store, in the first person or as something already done for the customer.
const COMMITMENTS: readonly RegExp[] = [
  /\b(we|i)\s*('re|'m| are| am) (sending|issuing|processing|refunding|crediting|shipping|replacing|giving|offering|applying|waiving|extending|making|adding)\b/i,
  /\b(we|i)\s*('ll|'ve|'d be happy to| will| shall| have| are going to| am going to| can| could| would| are happy to| am happy to| just| already| approved| issued| processed| sent| refunded| credited)\b/i,
  /\byou('ll| will| are going to) (receive|get|be (refunded|credited|reimbursed|sent|given))\b/i,
  /\b(has been|have been|will be|'ll be|shall be) (issued|processed|refunded|credited|approved|sent|applied|waived|reshipped|replaced)\b/i,
  /\b(is|are) being (issued|processed|sent|applied|reshipped|replaced)\b/i,
  /\bhere('s| is) (a|an|your)\b/i,
  /\b(is|are) on (its|their|the) way\b/i,
  /\b(use|apply) (the )?code\b/i,
];

/** Where the sentence's first commitment starts, or -1. */
function commitmentAt(sentence: string): number {
  const starts = COMMITMENTS.map((re) => re.exec(sentence)?.index ?? -1).filter((i) => i >= 0);
  return starts.length > 0 ? Math.min(...starts) : -1;
}

const NEGATION = /\b(not|cannot|unable|never|no)\b|n't\b/i;

// "Once your return arrives and is inspected, we'll refund…" restates policy; the policy guardrail judges it.
const POLICY_CONDITION = /^(once|when|after|as soon as|if)\b[^,]*\breturn\b[^,]*\b(arrives?|received?|inspected|scanned)\b/i;

/**
 * The promises a reply makes: sentences in which the store commits to a refund, credit, discount,
 * reship, replacement or exception. Negated sentences ("we can't refund shipping") and
 * conditional restatements of the returns policy are not promises.
 */
export function findPromises(text: string): PromiseFound[] {
  const found: PromiseFound[] = [];
  for (const sentence of sentences(text)) {
    const commitment = commitmentAt(sentence);
    if (commitment < 0 || POLICY_CONDITION.test(sentence)) continue;
    for (const [kind, re] of KIND_WORDS) {
      const what = re.exec(sentence);
      if (!what) continue;
      // "We can't offer a refund": a negation between the commitment and what it is about.
      const between = sentence.slice(Math.min(commitment, what.index), Math.max(commitment, what.index));
      if (!NEGATION.test(between)) found.push({ kind, sentence });
    }
  }
  return found;
}

/** The kinds a customer message asks for ("refund me", "I want a replacement"). */
export function requestedKinds(message: string): PromiseKind[] {
  return KIND_WORDS.filter(([, re]) => re.test(message)).map(([kind]) => kind);
}

/** Reship and replacement are the same act for a customer: approving one covers the other. */
export function covers(approved: PromiseKind, promised: PromiseKind): boolean {
  if (approved === promised) return true;
  const goods: PromiseKind[] = ["reship", "replacement"];
  return goods.includes(approved) && goods.includes(promised);
}
