import type { DraftAttempt } from "../draft.js";
import type { DraftContext } from "../draft-context.js";

export interface TemplateInput {
  context: DraftContext;
  /** The customer's message with instruction-like sentences removed: what may steer passage choice. */
  question: string;
  signature: string;
}

/** One intent's offline drafter: a reply from facts and quoted passages only, or a reason not to draft. */
export type Template = (input: TemplateInput) => DraftAttempt;
