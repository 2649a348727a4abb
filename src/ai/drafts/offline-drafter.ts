import { withoutInstructions } from "../text/instructions.js";
import type { DraftAttempt } from "./draft.js";
import type { DraftContext, DraftIntent } from "./draft-context.js";
import { deliveryTiming } from "./offline/delivery-timing.js";
import { productQuestion } from "./offline/product-question.js";
import { returnPolicy } from "./offline/return-policy.js";
import { shippingStatus } from "./offline/shipping-status.js";
import type { Template } from "./offline/template.js";

const TEMPLATES: Readonly<Record<DraftIntent, Template>> = {
  "shipping/status": shippingStatus,
  "shipping/policy": deliveryTiming,
  "return/policy": returnPolicy,
  "product/question": productQuestion,
};

export interface OfflineOptions {
  /** How replies are signed, e.g. "The Ridgeline Wool team". */
  signature?: string;
}

/**
 * The engine that needs no model: a template per intent, filled with live facts and quoted
 * passages. Instruction-like sentences of the message are dropped before they can steer anything.
 */
export function draftOffline(context: DraftContext, options: OfflineOptions = {}): DraftAttempt {
  return TEMPLATES[context.intent]({
    context,
    question: withoutInstructions(context.message),
    signature: options.signature ?? "The support team",
  });
}
