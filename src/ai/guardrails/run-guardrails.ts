import type { Draft } from "../drafts/draft.js";
import type { DraftContext } from "../drafts/draft-context.js";
import { factsMatch } from "./facts-match.js";
import type { Guardrail, GuardrailResult } from "./guardrail.js";
import { llmRequestRedacted } from "./llm-request-redacted.js";
import { noInstructionsFollowed } from "./no-instructions-followed.js";
import { noUnapprovedPromise } from "./no-unapproved-promise.js";
import { policyGrounded } from "./policy-grounded.js";

export const GUARDRAILS: readonly Guardrail[] = [
  factsMatch,
  noUnapprovedPromise,
  policyGrounded,
  noInstructionsFollowed,
  llmRequestRedacted,
];

/** Every guardrail, every time (no short-circuit), so the explanation lists all that failed. */
export function runGuardrails(draft: Draft, context: DraftContext): GuardrailResult[] {
  return GUARDRAILS.map((g) => g(draft, context));
}
