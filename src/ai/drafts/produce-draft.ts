import type { Clock } from "../../core/clock.js";
import type { Bm25Index } from "../knowledge/bm25.js";
import type { LlmProvider } from "../llm/port.js";
import { decideOutcome, type DraftOutcome } from "./draft-outcome.js";
import { draftWithLlm } from "./llm-drafter.js";
import { draftOffline, type OfflineOptions } from "./offline-drafter.js";
import { OFFLINE_MODEL } from "./offline/reply-builder.js";
import { prepareContext, type DraftInput } from "./prepare-context.js";

export type DraftEngineChoice = { engine: "offline"; options?: OfflineOptions } | { engine: "llm"; provider: LlmProvider; signal?: AbortSignal };

export interface DraftDeps {
  index: Bm25Index;
  clock: Clock;
}

/**
 * One drafting decision, end to end: redact, retrieve, draft with the chosen engine, run every
 * guardrail, and explain. Its only I/O is the model call, through the injected provider.
 */
export async function produceDraft(input: DraftInput, choice: DraftEngineChoice, deps: DraftDeps): Promise<DraftOutcome> {
  const { context, redactor } = prepareContext(input, deps.index);
  const attempt = choice.engine === "offline" ? draftOffline(context, choice.options) : await draftWithLlm(context, choice.provider, redactor, choice.signal);
  return decideOutcome(attempt, context, {
    engine: choice.engine,
    model: choice.engine === "offline" ? OFFLINE_MODEL : `${choice.provider.name}:${choice.provider.model}`,
    redactions: redactor.found,
    decidedAt: deps.clock.now().toISOString(),
  });
}
