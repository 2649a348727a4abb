import { ShopifyTopic } from "../topics.js";
import type { NormalizeResult, ShopifyNormalizer } from "./common.js";
import { normalizeCustomer } from "./customer.js";
import { normalizeDispute } from "./dispute.js";
import { normalizeFulfillment } from "./fulfillment.js";
import { normalizeFulfillmentEvent } from "./fulfillment-event.js";
import { normalizeFulfillmentHold } from "./fulfillment-hold.js";
import { ignoredEvent } from "./ignored.js";
import { normalizeInventoryItem, normalizeInventoryLevel } from "./inventory.js";
import { normalizeOrder } from "./order.js";
import { normalizeOrderEdit } from "./order-edit.js";
import { normalizeProduct } from "./product.js";
import { normalizeRefund } from "./refund.js";
import { normalizeReturn, normalizeReturnUpdate } from "./return.js";

export type { NormalizeResult, ShopifyDelivery } from "./common.js";

/** Topic → normalizer. Typed as a full record so a topic added to `ShopifyTopic` must be wired here. */
const NORMALIZERS: Readonly<Record<ShopifyTopic, ShopifyNormalizer>> = {
  "orders/create": normalizeOrder,
  "orders/updated": normalizeOrder,
  "orders/paid": normalizeOrder,
  "orders/cancelled": normalizeOrder,
  "orders/fulfilled": normalizeOrder,
  "orders/edited": normalizeOrderEdit,
  "fulfillments/create": normalizeFulfillment,
  "fulfillments/update": normalizeFulfillment,
  "fulfillment_events/create": normalizeFulfillmentEvent,
  "refunds/create": normalizeRefund,
  "returns/request": normalizeReturn,
  "returns/approve": normalizeReturn,
  "returns/decline": normalizeReturn,
  "returns/cancel": normalizeReturn,
  "returns/close": normalizeReturn,
  "returns/reopen": normalizeReturn,
  "returns/update": normalizeReturnUpdate,
  "inventory_levels/update": normalizeInventoryLevel,
  "inventory_items/update": normalizeInventoryItem,
  "products/create": normalizeProduct,
  "products/update": normalizeProduct,
  "customers/create": normalizeCustomer,
  "customers/update": normalizeCustomer,
  "disputes/create": normalizeDispute,
  "fulfillment_holds/added": normalizeFulfillmentHold,
};

/**
 * One verified Shopify delivery → one normalized event. `body` must come from `parseJsonLossless`
 * (ids above 2^53 as strings). Topics Firebreak does not handle become `ignored` events.
 */
export function normalizeShopify(input: {
  shop: string;
  topic: string;
  deliveryId: string;
  triggeredAt: string | null;
  body: unknown;
}): NormalizeResult {
  const { body, ...delivery } = input;
  const topic = ShopifyTopic.safeParse(delivery.topic);
  const normalize = topic.success ? NORMALIZERS[topic.data] : ignoredEvent;
  return normalize(delivery, body);
}
