import { z } from "zod";

/** One comparison a rule made, in words and in values. */
export const Comparison = z.object({
  subject: z.string(), // "order.total_price"
  actual: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  op: z.enum([">", ">=", "<", "<=", "==", "!=", "in", "present"]),
  expected: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
  result: z.boolean(),
  text: z.string(), // "order.total_price is 42.00, expected >= 150"
});
export type Comparison = z.infer<typeof Comparison>;

/** Every rule evaluation is recorded — the ones that fired and the ones that did not, and why. */
export const Decision = z.object({
  id: z.string(),
  shop: z.string(),
  orderId: z.string(),
  rule: z.string(), // stable rule id, e.g. "delay-notice"
  ruleVersion: z.number().int(),
  triggerEventId: z.string(),
  signal: z.string().nullable(),
  shipmentKey: z.string().nullable(),
  outcome: z.enum(["fired", "skipped"]),
  reason: z.string(),
  comparisons: z.array(Comparison),
  actions: z.array(z.string()), // idempotency keys of the outbox actions it enqueued
  decidedAt: z.string(), // source time of the triggering event (replay-stable)
});
export type Decision = z.infer<typeof Decision>;

export const Hold = z.object({
  shop: z.string(),
  customerKey: z.string(), // Shopify customer id, else lower-cased email
  orderId: z.string(),
  shipmentKey: z.string(),
  reason: z.string(), // the signal that placed it
  placedAt: z.string(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
});
export type Hold = z.infer<typeof Hold>;

export const Timer = z.object({
  shop: z.string(),
  orderId: z.string(),
  name: z.string(), // "transit_stalled:1Z999" — one live timer per (shop, order, name)
  dueAt: z.string(),
});
export type Timer = z.infer<typeof Timer>;
