import { z } from "zod";

/** Gorgias's 24 ticket intents, in Gorgias's own names. */
export const GORGIAS_INTENTS = [
  "shipping/status",
  "shipping/policy",
  "shipping/change",
  "shipping/delivery-issue",
  "order/cancel",
  "order/change",
  "order/damaged",
  "order/wrong",
  "refund/request",
  "refund/status",
  "return/request",
  "return/status",
  "exchange/request",
  "exchange/status",
  "product/question",
  "product/recommendation",
  "stock/request",
  "discount/request",
  "subscription/cancel",
  "subscription/change",
  "feedback",
  "other/question",
  "other/thanks",
  "other/no_reply",
] as const;

/** Ours, for what a small brand must route apart from Gorgias's set. */
export const FIREBREAK_INTENTS = ["return/policy", "payment/issue", "account/help", "risk/dispute"] as const;

export const INTENTS = [...GORGIAS_INTENTS, ...FIREBREAK_INTENTS] as const;

export const Intent = z.enum(INTENTS);
export type Intent = z.infer<typeof Intent>;

/** The intent an out-of-scope message is filed under (always with a human). */
export const FALLBACK_INTENT: Intent = "other/question";
