import { z } from "zod";

/**
 * What waits for a human in the review queue:
 * - `approval`: a flow run stopped at an approval step or at a policy-gated action;
 * - `draft`: the same, where the gated action sends a reply the human may edit first;
 * - `escalation`: a case a flow put in front of a human (`review.escalation`), which goes nowhere.
 */
export const ReviewItemKind = z.enum(["approval", "draft", "escalation"]);
export type ReviewItemKind = z.infer<typeof ReviewItemKind>;

/** A human's decision on a review item, kept as the audit trail: who, when, what, and why. */
export const ReviewDecision = z.object({
  id: z.string(),
  shop: z.string(),
  /** `run:<run id>` or `action:<outbox id>`. */
  itemId: z.string(),
  itemKind: ReviewItemKind,
  decision: z.enum(["approve", "edit", "reject"]),
  by: z.string().min(1),
  at: z.string(),
  note: z.string().nullable(),
  /** An edited input or reply text the human sent instead of the proposal. */
  edited: z.unknown().nullable(),
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;
