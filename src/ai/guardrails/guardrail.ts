import { z } from "zod";
import type { Draft } from "../drafts/draft.js";
import type { DraftContext } from "../drafts/draft-context.js";

export const GuardrailName = z.enum([
  "facts-match",
  "no-unapproved-promise",
  "policy-grounded",
  "no-instructions-followed",
  "llm-request-redacted",
]);
export type GuardrailName = z.infer<typeof GuardrailName>;

export const GuardrailResult = z.object({
  name: GuardrailName,
  ok: z.boolean(),
  /** Why it passed or, when it failed, which text offended and what it was compared with. */
  reason: z.string(),
  offending: z.array(z.string()),
});
export type GuardrailResult = z.infer<typeof GuardrailResult>;

/** A check every draft must pass, whichever engine wrote it. Pure: same draft and context, same result. */
export type Guardrail = (draft: Draft, context: DraftContext) => GuardrailResult;

export function passed(name: GuardrailName, reason: string): GuardrailResult {
  return { name, ok: true, reason, offending: [] };
}

export function failed(name: GuardrailName, offending: string[], reason: string): GuardrailResult {
  return { name, ok: false, reason, offending };
}

export function quoteList(items: readonly string[]): string {
  return items.map((i) => `"${i}"`).join(", ");
}
