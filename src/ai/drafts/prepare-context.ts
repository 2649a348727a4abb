import type { Bm25Index } from "../knowledge/bm25.js";
import { Redactor } from "../redact.js";
import { withoutInstructions } from "../text/instructions.js";
import type { ApprovedAction, DraftContext, DraftIntent } from "./draft-context.js";
import type { OrderFacts } from "./order-facts.js";

export interface DraftInput {
  intent: DraftIntent;
  /** The customer's message as received. It is redacted here, before anything else reads it. */
  message: string;
  facts: OrderFacts | null;
  approvedActions: ApprovedAction[];
  /** Names of the customer known beyond the facts (last name, the helpdesk's display name). */
  customerNames?: string[];
}

/** Words each intent adds to the retrieval query, so that "where's my stuff??" still finds the shipping passages. */
const INTENT_HINTS: Readonly<Record<DraftIntent, string>> = {
  "shipping/status": "order ship tracking",
  "shipping/policy": "shipping ship business days",
  "return/policy": "return window",
  "product/question": "",
};

export const PASSAGES_PER_DRAFT = 4;

/**
 * Redact the message and retrieve passages for it. Order and tracking numbers are kept (they are
 * not personal data); instruction-like sentences do not steer retrieval. The redactor is returned
 * so the LLM engine sends the customer's name as the same placeholder the message uses.
 */
export function prepareContext(input: DraftInput, index: Bm25Index): { context: DraftContext; redactor: Redactor } {
  const f = input.facts;
  const redactor = new Redactor({
    names: [f?.customerFirstName ?? "", ...(input.customerNames ?? [])],
    keep: f ? [f.orderName, ...f.shipments.flatMap((s) => [s.trackingNumber ?? "", s.trackingUrl ?? ""])] : [],
  });
  // The first name takes [NAME_1] first, so the model greets with the placeholder the facts carry.
  if (f?.customerFirstName) redactor.redact(f.customerFirstName);
  const message = redactor.redact(input.message).text;
  const query = `${withoutInstructions(message)} ${INTENT_HINTS[input.intent]}`;
  const context: DraftContext = {
    intent: input.intent,
    message,
    facts: f,
    passages: index.search(query, PASSAGES_PER_DRAFT),
    approvedActions: input.approvedActions,
  };
  return { context, redactor };
}
