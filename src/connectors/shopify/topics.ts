import { z } from "zod";

/** The Shopify webhook topics Firebreak normalizes; any other topic is stored as `ignored`. */
export const ShopifyTopic = z.enum([
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/edited",
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/cancel",
  "returns/close",
  "returns/reopen",
  "returns/update",
  "inventory_levels/update",
  "inventory_items/update",
  "products/create",
  "products/update",
  "customers/create",
  "customers/update",
  "disputes/create",
  "fulfillment_holds/added",
]);
export type ShopifyTopic = z.infer<typeof ShopifyTopic>;
