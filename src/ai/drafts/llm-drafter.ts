import { z } from "zod";
import type { LlmProvider } from "../llm/port.js";
import type { Redactor } from "../redact.js";
import { declined, type DraftAttempt } from "./draft.js";
import type { DraftContext } from "./draft-context.js";
import { buildDraftRequest } from "./llm-request.js";
import type { OrderFacts } from "./order-facts.js";

export const LlmDraftReply = z.object({
  reply: z.string().min(1),
  passages_used: z.array(z.string()),
  facts_used: z.array(z.string()),
});
export type LlmDraftReply = z.infer<typeof LlmDraftReply>;

/**
 * Draft with a language model. The customer's name in the facts goes out as its placeholder (the
 * message is already redacted with the same redactor) and comes back restored in the reply, so
 * guardrails judge the text the customer would read. A provider error is a declined draft, not a throw.
 */
export async function draftWithLlm(context: DraftContext, provider: LlmProvider, redactor: Redactor, signal?: AbortSignal): Promise<DraftAttempt> {
  const request = buildDraftRequest(context, redactFacts(context.facts, redactor));
  const result = await provider.completeJson(request, signal);
  if (!result.ok) return declined(result.error.code, result.error.message);
  const parsed = LlmDraftReply.safeParse(result.json);
  if (!parsed.success) return declined("llm_schema_mismatch", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return {
    ok: true,
    draft: {
      engine: "llm",
      model: `${provider.name}:${result.model}`,
      text: redactor.restore(parsed.data.reply),
      factsUsed: parsed.data.facts_used,
      passagesUsed: parsed.data.passages_used,
      request,
    },
  };
}

export function redactFacts(facts: OrderFacts | null, redactor: Redactor): OrderFacts | null {
  if (!facts?.customerFirstName) return facts;
  return { ...facts, customerFirstName: redactor.redact(facts.customerFirstName).text };
}
