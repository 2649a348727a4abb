import type { HandoverKind, HandoverSignal } from "./classification.js";
import { matchRules, type PhraseRule } from "./phrase-rules.js";

const PEOPLE = "(?:human|person|people|agent|someone|somebody|representative|rep|manager|supervisor|operator|assistant|staff|employee)";

/** Phrases that mean a person must take the ticket, whatever the intent and confidence. */
export const HANDOVER_RULES: ReadonlyArray<PhraseRule<HandoverKind>> = [
  { kind: "asks_for_human", pattern: new RegExp(`\\b(?:speak|talk|chat|get through|be put through|connect me)\\s+(?:to|with)\\s+(?:a|an|the|some|your|one of your)?\\s*(?:real\\s+|actual\\s+|live\\s+|human\\s+)?${PEOPLE}\\b`, "i") },
  { kind: "asks_for_human", pattern: new RegExp(`\\b(?:real|actual|live)\\s+${PEOPLE}\\b`, "i") },
  { kind: "asks_for_human", pattern: new RegExp(`\\b(?:contact|reach|need|want)\\s+(?:a|an|the|your)?\\s*(?:human|customer (?:service|support)|live)\\s*(?:agent|representative|rep|person)?\\b`, "i") },
  { kind: "asks_for_human", pattern: new RegExp(`\\b(?:get|give|put|transfer|pass|escalate)\\s+(?:me|this|it)?\\s*(?:(?:through|over|up)\\s+)?(?:to\\s+)?(?:a|an|the|your)\\s+(?:real\\s+)?(?:human|person|manager|supervisor|agent|representative)\\b`, "i") },
  { kind: "asks_for_human", pattern: /\b(?:not (?:a |another )?(?:bot|robot)|stop (?:the )?(?:bot|automated replies)|call me(?: back)?|phone me|give me a call)\b/i },
  { kind: "legal_threat", pattern: /\b(?:my |a |our )?(?:lawyer|attorney|solicitor)s?\b/i },
  { kind: "legal_threat", pattern: /\b(?:legal action|legal proceedings|lawsuit|sue you|suing|take (?:you|this|it) to court|small claims|trading standards|consumer protection|attorney general|report you to the ftc)\b/i },
  { kind: "chargeback_threat", pattern: /\bcharge[\s-]?backs?\b/i },
  { kind: "chargeback_threat", pattern: /\b(?:dispute|disputing|disputed|reverse|reversing)\s+(?:the |this |my |a |that )?(?:charge|payment|transaction|purchase)s?\b/i },
  { kind: "chargeback_threat", pattern: /\b(?:call|calling|contact|contacting|tell|report (?:this |you )?to)\s+my\s+(?:bank|credit card (?:company|issuer)|card (?:company|issuer))\b/i },
  { kind: "chargeback_threat", pattern: /\b(?:paypal|klarna|afterpay|amex|visa|mastercard)\s+(?:dispute|claim|case)\b/i },
  { kind: "chargeback_threat", pattern: /\b(?:open(?:ed|ing)?|fil(?:e|ed|ing)|rais(?:e|ed|ing))\s+a\s+(?:dispute|claim)\s+with\b/i },
];

export function handoverSignals(text: string): HandoverSignal[] {
  return matchRules(text, HANDOVER_RULES);
}

export const HANDOVER_LABELS: Readonly<Record<HandoverKind, string>> = {
  asks_for_human: "asks for a human",
  legal_threat: "legal threat",
  chargeback_threat: "chargeback threat",
};
