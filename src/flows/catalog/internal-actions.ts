import { z } from "zod";
import { defineAction, type ActionDefinition } from "./action.js";

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `review.escalation`: a case put in front of a human. `reason` or `detail` says what to look at;
 * any other flat facts (order name, tracking number, the comparisons that escalated it) are shown
 * beside it.
 */
export const ReviewEscalationInput = z
  .object({
    reason: z.string().min(1).optional(),
    detail: z.string().min(1).optional(),
    kind: z.string().min(1).optional(),
    why: z.array(z.string()).optional(),
  })
  .catchall(z.union([Scalar, z.array(Scalar)]))
  .refine((p) => p.reason !== undefined || p.detail !== undefined, { message: "needs a reason or a detail: what should the human look at?" });
export type ReviewEscalationInput = z.infer<typeof ReviewEscalationInput>;

// Money is a positive amount in the shop's currency; `{{ order.total_price }}` renders a double.
const Amount = z.number().positive();
const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code like USD");
const Timestamp = z.iso.datetime({ offset: true });
const Reason = z.string().min(1); // the approver reads it; the audit trail keeps it
const LineItems = z.array(z.strictObject({ line_item_id: z.string().min(1), quantity: z.number().int().min(1) })).min(1);

export const ShopifyRefundInput = z
  .strictObject({
    order_id: z.string().min(1),
    amount: Amount.optional(),
    currency: Currency.optional(),
    line_items: z.array(z.strictObject({ line_item_id: z.string().min(1), quantity: z.number().int().min(1), restock: z.boolean().default(false) })).min(1).optional(),
    refund_shipping: z.boolean().default(false),
    reason: Reason,
    note: z.string().optional(),
    notify_customer: z.boolean().default(true),
  })
  .refine((p) => p.amount !== undefined || p.line_items !== undefined || p.refund_shipping, { message: "refunds nothing: give an amount, line_items or refund_shipping" });
export type ShopifyRefundInput = z.infer<typeof ShopifyRefundInput>;

export const ShopifyReshipInput = z.strictObject({
  order_id: z.string().min(1),
  line_items: LineItems,
  shipping_method: z.string().min(1).optional(),
  reason: Reason,
  note: z.string().optional(),
});
export type ShopifyReshipInput = z.infer<typeof ShopifyReshipInput>;

export const StoreCreditInput = z.strictObject({
  customer_id: z.string().min(1),
  amount: Amount,
  currency: Currency,
  expires_at: Timestamp.optional(),
  reason: Reason,
  notify_customer: z.boolean().default(true),
});
export type StoreCreditInput = z.infer<typeof StoreCreditInput>;

export const DiscountCreateInput = z
  .strictObject({
    kind: z.enum(["percentage", "fixed_amount", "free_shipping"]),
    value: z.number().positive().optional(),
    currency: Currency.optional(),
    code: z.string().min(1).optional(), // generated when absent
    customer_id: z.string().min(1).optional(), // only this customer may use it
    expires_at: Timestamp.optional(),
    usage_limit: z.number().int().min(1).default(1),
    reason: Reason,
  })
  .refine((p) => p.kind === "free_shipping" || p.value !== undefined, { message: "a percentage or fixed_amount discount needs a value", path: ["value"] })
  .refine((p) => p.kind !== "percentage" || (p.value ?? 0) <= 100, { message: "a percentage is at most 100", path: ["value"] })
  .refine((p) => p.kind !== "fixed_amount" || p.currency !== undefined, { message: "a fixed_amount discount needs a currency", path: ["currency"] });
export type DiscountCreateInput = z.infer<typeof DiscountCreateInput>;

export const RetentionOfferInput = z.strictObject({
  customer_id: z.string().min(1),
  offer: z.string().min(1), // what is offered, in words the approver and the customer read
  discount_code: z.string().min(1).optional(),
  message: z.string().optional(),
  reason: Reason,
});
export type RetentionOfferInput = z.infer<typeof RetentionOfferInput>;

/**
 * Actions of the flows layer itself, and declarations of money and promise actions whose
 * connectors do not exist yet. Declaring them now lets operators' flows name them (validated at
 * load) and lets the approval policy act on them; their channels are reserved names with no
 * connector bound, so nothing moves money until one is.
 */
const HoldInput = z.strictObject({
  /** The shipment (or "order") the hold is about: one hold per customer and shipment. */
  shipment_key: z.string().min(1),
  reason: z.string().min(1),
});

/** A hold action: it changes Firebreak's own state (never dispatched), keyed per customer and shipment. */
function holdAction(id: "hold.place" | "hold.release", description: string, keyPrefix: string): ActionDefinition {
  return defineAction({
    id,
    description,
    category: "profile",
    channel: "internal",
    input: HoldInput,
    irreversible: false,
    approval: "never",
    customerFacing: false,
    effect: id,
    idempotencyKey: `${keyPrefix}:{{ shop.domain }}:{{ customer.key }}:{{ input.shipment_key }}`,
  });
}

export function internalActions(): ActionDefinition[] {
  const always = { irreversible: true, approval: "always", customerFacing: true } as const;
  return [
    holdAction("hold.place", "Puts an ops hold on the run's customer for a shipment (promotions wait while any hold is active); pair it with customer.profile to tell Klaviyo", "hold"),
    holdAction("hold.release", "Releases the run's customer's ops hold for a shipment", "hold-release"),
    defineAction({
      id: "review.escalation",
      description: "Puts a case in the review queue for a human; it waits there and is never sent anywhere",
      category: "review",
      channel: "review.escalation",
      input: ReviewEscalationInput,
      irreversible: false,
      approval: "never", // it IS the human queue
      customerFacing: false,
      channelKind: "internal",
    }),
    defineAction({ id: "shopify.refund", description: "Refunds an amount, line items or shipping on a Shopify order", category: "refund", channel: "shopify.refund", input: ShopifyRefundInput, ...always }),
    defineAction({ id: "shopify.reship", description: "Sends line items of an order again, at no charge to the customer", category: "reship", channel: "shopify.reship", input: ShopifyReshipInput, ...always }),
    defineAction({ id: "store.credit", description: "Credits the customer's store-credit account", category: "credit", channel: "store.credit", input: StoreCreditInput, ...always }),
    defineAction({ id: "discount.create", description: "Creates a discount code (percentage, fixed amount or free shipping)", category: "discount", channel: "discount.create", input: DiscountCreateInput, ...always }),
    defineAction({ id: "retention.offer", description: "Makes a customer who wants to cancel or leave an offer to stay", category: "retention_offer", channel: "retention.offer", input: RetentionOfferInput, ...always }),
  ];
}
