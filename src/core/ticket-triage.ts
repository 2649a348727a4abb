import { z } from "zod";

/**
 * What triage concluded about one customer message, as an event in the log: the classification,
 * the tags and internal note it proposes, and a draft reply if one was offered. AI engines may
 * call the network, so their answers are recorded here once and every fold, rebuild and replay
 * reads the same answer instead of asking again. Shapes are engine-neutral.
 */
export const TriageClassification = z.object({
  intent: z.string(),
  confidence: z.number().min(0).max(1),
  /** The runner-up intent, for the audit trail. */
  runnerUp: z.object({ intent: z.string(), confidence: z.number() }).nullable(),
  sentiment: z.array(z.string()),
  language: z.string(),
  entities: z.record(z.string(), z.unknown()),
  handover: z.array(z.object({ kind: z.string(), phrase: z.string() })),
  needsHuman: z.boolean(),
  reasons: z.array(z.string()),
  /** Engine and model version: "offline:logreg-…", "openai:gpt-4o-mini". */
  engine: z.string(),
});
export type TriageClassification = z.infer<typeof TriageClassification>;

export const TriageDraft = z.object({
  offered: z.boolean(),
  /** The reply, when offered. */
  text: z.string().nullable(),
  /** Why it was not offered (a decline or a failed guardrail), each naming its clause. */
  reasons: z.array(z.string()),
  /** Engine, model, redacted input, facts and passages used, guardrail results. */
  explanation: z.unknown(),
});
export type TriageDraft = z.infer<typeof TriageDraft>;

export const TicketTriaged = z.object({
  kind: z.literal("ticket.triaged"),
  helpdesk: z.string(),
  ticketId: z.string(),
  messageId: z.string(),
  /** What was classified, with personal data replaced by placeholders (the audit trail's input). */
  redactedMessage: z.string(),
  /** The order the ticket is about (its strongest match), when there is one. */
  orderId: z.string().nullable(),
  classification: TriageClassification,
  /** Helpdesk tags: the intent itself and its `intent__…` form. */
  tags: z.array(z.string()),
  /** The internal note: the live order picture an agent would otherwise look up by hand. */
  note: z.string(),
  draft: TriageDraft.nullable(),
  /** Every reason a human must take it (handover, low confidence, policy clause); empty when none. */
  humanReasons: z.array(z.string()),
});
export type TicketTriaged = z.infer<typeof TicketTriaged>;
