import { z } from "zod";
import { GuardrailResult } from "../guardrails/guardrail.js";
import { runGuardrails } from "../guardrails/run-guardrails.js";
import { RedactionFound } from "../redact.js";
import type { DeclineReason, Draft, DraftAttempt } from "./draft.js";
import { DraftIntent, type DraftContext } from "./draft-context.js";
import { factAt } from "./fact-path.js";

/** What every AI drafting decision stores: enough to see what it saw, what it wrote and why it stopped. */
export const DraftExplanation = z.object({
  engine: z.enum(["offline", "llm"]),
  model: z.string(),
  intent: DraftIntent,
  decidedAt: z.string(),
  redactedMessage: z.string(),
  redactions: z.array(RedactionFound),
  /**
   * Each fact the reply states, with its value as the draft saw it; `found: false` when the
   * engine cited a path the facts do not hold. The customer's name is never copied here.
   */
  factsUsed: z.array(z.object({ path: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), found: z.boolean() })),
  passagesRetrieved: z.array(z.object({ id: z.string(), score: z.number() })),
  passagesUsed: z.array(z.string()),
  guardrails: z.array(GuardrailResult),
  /** The clause that sent the ticket to a person (`guardrail:facts-match`, `decline:shipment_exception`); null when offered. */
  handoffClause: z.string().nullable(),
  /** The draft as written, offered or not, so a reviewer sees what was held back. */
  draftText: z.string().nullable(),
});
export type DraftExplanation = z.infer<typeof DraftExplanation>;

export type DraftOutcome =
  | { offered: true; reply: string; guardrails: GuardrailResult[]; explanation: DraftExplanation }
  | { offered: false; reasons: DeclineReason[]; guardrails: GuardrailResult[]; explanation: DraftExplanation };

export interface OutcomeMeta {
  /** The engine asked for, recorded even when it wrote nothing. */
  engine: "offline" | "llm";
  model: string;
  redactions: RedactionFound[];
  decidedAt: string;
}

/**
 * Judge an attempt: a draft is offered only when every guardrail passes. A declined attempt or a
 * failing guardrail becomes a reason, with the clause named, for the person who takes the ticket.
 */
export function decideOutcome(attempt: DraftAttempt, context: DraftContext, meta: OutcomeMeta): DraftOutcome {
  const draft: Draft | null = attempt.ok ? attempt.draft : null;
  const guardrails = draft ? runGuardrails(draft, context) : [];
  const reasons = attempt.ok
    ? guardrails.filter((g) => !g.ok).map((g) => ({ code: `guardrail:${g.name}`, detail: g.reason }))
    : [{ code: `decline:${attempt.reason.code}`, detail: attempt.reason.detail }];
  const explanation: DraftExplanation = {
    engine: draft?.engine ?? meta.engine,
    model: draft?.model ?? meta.model,
    intent: context.intent,
    decidedAt: meta.decidedAt,
    redactedMessage: context.message,
    redactions: meta.redactions,
    factsUsed: (draft?.factsUsed ?? []).map((path) => factUsed(context, path)),
    passagesRetrieved: context.passages.map((p) => ({ id: p.id, score: Math.round(p.score * 1000) / 1000 })),
    passagesUsed: draft?.passagesUsed ?? [],
    guardrails,
    handoffClause: reasons[0]?.code ?? null,
    draftText: draft?.text ?? null,
  };
  if (draft && reasons.length === 0) return { offered: true, reply: draft.text, guardrails, explanation };
  return { offered: false, reasons, guardrails, explanation };
}

const PERSONAL_FACTS: ReadonlySet<string> = new Set(["customerFirstName"]);

function factUsed(context: DraftContext, path: string): DraftExplanation["factsUsed"][number] {
  const value = factAt(context.facts, path);
  if (PERSONAL_FACTS.has(path)) return { path, value: value === undefined ? null : "[redacted]", found: value !== undefined };
  return { path, value: value ?? null, found: value !== undefined };
}
