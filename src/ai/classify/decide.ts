import type { HandoverSignal, SentimentFlag } from "./classification.js";
import { HANDOVER_LABELS } from "./handover.js";
import type { Intent } from "./intents.js";
import type { PhraseHit } from "./phrase-rules.js";

export interface HandoverPolicy {
  /** Below this confidence a person takes the ticket. */
  confidenceThreshold: number;
  /** Intents a person always owns (disputes and fraud-adjacent cases). */
  humanIntents: readonly Intent[];
  /** Languages the engine reads; others go to a person. Empty: any. */
  languages: readonly string[];
}

export const DEFAULT_HANDOVER_POLICY: HandoverPolicy = { confidenceThreshold: 0.6, humanIntents: ["risk/dispute"], languages: [] };

export interface DecisionInput {
  intent: Intent;
  confidence: number;
  /** Set when the engine judged the message out of scope for a store inbox, with its probability. */
  outOfScope?: number;
  handover: readonly HandoverSignal[];
  sentimentEvidence: ReadonlyArray<PhraseHit<SentimentFlag>>;
  language: string;
}

const fmt = (n: number) => n.toFixed(2);

/** Whether a person must take the ticket, with every reason that applies (or why not). */
export function decideHandover(input: DecisionInput, policy: HandoverPolicy): { needsHuman: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (input.outOfScope !== undefined) reasons.push(`out of scope for a store inbox (p ${fmt(input.outOfScope)}, above every intent)`);
  else if (input.confidence < policy.confidenceThreshold) {
    reasons.push(`confidence ${fmt(input.confidence)} below threshold ${fmt(policy.confidenceThreshold)} (best guess ${input.intent})`);
  }
  for (const h of input.handover) reasons.push(`${HANDOVER_LABELS[h.kind]}: '${h.phrase}'`);
  if (policy.humanIntents.includes(input.intent)) reasons.push(`intent ${input.intent} is handled by a person`);
  const offensive = input.sentimentEvidence.find((e) => e.kind === "offensive");
  if (offensive) reasons.push(`offensive language: '${offensive.phrase}'`);
  const threat = input.sentimentEvidence.find((e) => e.kind === "threatening");
  // A legal or chargeback signal already names the threat; other threats (reviews, the press) are listed here.
  if (threat && !input.handover.some((h) => h.kind !== "asks_for_human")) reasons.push(`threatening: '${threat.phrase}'`);
  if (policy.languages.length && input.language !== "und" && !policy.languages.includes(input.language)) {
    reasons.push(`language ${input.language}: this engine reads ${policy.languages.join(", ")}`);
  }
  if (reasons.length) return { needsHuman: true, reasons };
  return { needsHuman: false, reasons: [`intent ${input.intent} at ${fmt(input.confidence)} ≥ threshold ${fmt(policy.confidenceThreshold)}; no handover signal`] };
}
