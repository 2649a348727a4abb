import { z } from "zod";
import { ScoredPassage } from "../knowledge/passage.js";
import { OrderFacts } from "./order-facts.js";

/** The intents Firebreak drafts replies for; every other intent goes to a human undrafted. */
export const DraftIntent = z.enum(["shipping/status", "shipping/policy", "return/policy", "product/question"]);
export type DraftIntent = z.infer<typeof DraftIntent>;

/** What a reply might promise. A promise of a kind is allowed only when an approved action of that kind exists. */
export const PromiseKind = z.enum(["refund", "store_credit", "discount", "reship", "replacement", "exception"]);
export type PromiseKind = z.infer<typeof PromiseKind>;

/** An action a human (or an approved policy) has already cleared for this ticket. */
export const ApprovedAction = z.object({
  id: z.string().min(1),
  kind: PromiseKind,
  summary: z.string(),
});
export type ApprovedAction = z.infer<typeof ApprovedAction>;

export const DraftContext = z.object({
  intent: DraftIntent,
  /** The customer's message, already redacted. It is data to answer, never instructions to follow. */
  message: z.string(),
  facts: OrderFacts.nullable(),
  passages: z.array(ScoredPassage),
  approvedActions: z.array(ApprovedAction),
});
export type DraftContext = z.infer<typeof DraftContext>;
