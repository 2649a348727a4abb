import { z } from "zod";
import type { LlmRequest } from "../llm/port.js";

export type DraftEngine = "offline" | "llm";

/** A reply some engine wrote, before guardrails decide whether it is offered. */
export interface Draft {
  engine: DraftEngine;
  /** `offline-templates@1`, or the provider's model id. */
  model: string;
  text: string;
  /** Paths into the order facts the reply states, e.g. `shipments[0].expectedDelivery`. */
  factsUsed: string[];
  /** Ids of the passages the reply draws on. */
  passagesUsed: string[];
  /** The request sent to the model (LLM engine only), kept so guardrails can check what left. */
  request?: LlmRequest;
}

/** A stable code a human can filter on, and the words that explain it. */
export const DeclineReason = z.object({ code: z.string(), detail: z.string() });
export type DeclineReason = z.infer<typeof DeclineReason>;

export type Declined = { ok: false; reason: DeclineReason };
export type DraftAttempt = { ok: true; draft: Draft } | Declined;

export const declined = (code: string, detail: string): Declined => ({ ok: false, reason: { code, detail } });
