import { z } from "zod";
import { Intent } from "./intents.js";

export const SENTIMENT_FLAGS = ["negative", "threatening", "urgent", "offensive", "positive"] as const;
export const SentimentFlag = z.enum(SENTIMENT_FLAGS);
export type SentimentFlag = z.infer<typeof SentimentFlag>;

export const Carrier = z.enum(["ups", "usps", "fedex", "dhl"]);
export type Carrier = z.infer<typeof Carrier>;

export const Entities = z.object({
  /** Shopify order names as the customer wrote them, normalized to "#1001". */
  orderNumbers: z.array(z.string()),
  trackingNumbers: z.array(z.object({ carrier: Carrier, number: z.string() })),
  emails: z.array(z.string()),
});
export type Entities = z.infer<typeof Entities>;

export const HandoverKind = z.enum(["asks_for_human", "legal_threat", "chargeback_threat"]);
export type HandoverKind = z.infer<typeof HandoverKind>;

/** A phrase in the message that means a person must take the ticket. */
export const HandoverSignal = z.object({ kind: HandoverKind, phrase: z.string() });
export type HandoverSignal = z.infer<typeof HandoverSignal>;

export const ClassifyInput = z.object({
  id: z.string().optional(),
  subject: z.string().optional(),
  text: z.string(),
});
export type ClassifyInput = z.infer<typeof ClassifyInput>;

/** One classified message, with what the decision rested on. */
export const Classification = z.object({
  id: z.string().optional(),
  intent: Intent,
  confidence: z.number().min(0).max(1),
  sentiment: z.array(SentimentFlag),
  /** ISO 639-1, or "und" when too short or unknown. */
  language: z.string(),
  entities: Entities,
  handover: z.array(HandoverSignal),
  needsHuman: z.boolean(),
  /** Human-readable: why a human, or why not. */
  reasons: z.array(z.string()),
  /** Which engine and model decided ("offline:logreg-…", "openai:gpt-…"). */
  engine: z.string(),
  /** The runner-up intents with their confidences, for the audit trail. */
  alternatives: z.array(z.object({ intent: Intent, confidence: z.number() })),
});
export type Classification = z.infer<typeof Classification>;
