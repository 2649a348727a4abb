import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { firstIso, toUtcIso } from "../../shared/time.js";
import { mapShopifyShipmentStatus } from "../shipment-status-map.js";
import { buildEvent, Gid, IdValue, badTimestamp, missingId, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";
import { ignoredEvent } from "./ignored.js";

export const ShopifyFulfillmentEvent = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  fulfillment_id: IdValue,
  order_id: IdValue,
  status: z.string(),
  message: Text,
  happened_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
  estimated_delivery_at: Timestamp,
  city: Text,
  province: Text,
  country: Text,
});

/**
 * fulfillment_events/create: a carrier scan relayed by Shopify. It names no tracking number, so
 * `trackingKey` is null; projections attach it through `fulfillmentId`.
 */
export const normalizeFulfillmentEvent: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyFulfillmentEvent, body);
  if (!parsed.ok) return parsed.result;
  const e = parsed.data;
  const eventId = preferGid(e.admin_graphql_api_id, e.id);
  if (eventId === null) return missingId(delivery, "id");
  const orderId = idString(e.order_id);
  if (orderId === null) return missingId(delivery, "order_id");
  const fulfillmentId = idString(e.fulfillment_id);
  if (fulfillmentId === null) return missingId(delivery, "fulfillment_id");
  const mapped = mapShopifyShipmentStatus(e.status);
  // A status Shopify adds later is not guessed into a tag, nor rejected (Shopify would retry, then
  // drop the subscription): it is stored as ignored, and a replay after the map learns it re-derives it.
  if (mapped === null) return ignoredEvent(delivery, body);
  const at = firstIso(e.happened_at, e.created_at, delivery.triggeredAt);
  if (at === null) return badTimestamp(delivery, "happened_at");
  const location = [e.city, e.province, e.country].filter((p): p is string => typeof p === "string" && p.length > 0).join(", ");

  return buildEvent(delivery, {
    timestamps: [e.updated_at, e.happened_at, e.created_at],
    orderKey: orderId,
    trackingKey: null,
    payload: {
      kind: "fulfillment.event",
      orderId,
      fulfillmentId,
      eventId,
      checkpoint: { at, tag: mapped.tag, subtag: mapped.subtag, message: e.message ?? null, location: location || null },
      estimatedDeliveryAt: toUtcIso(e.estimated_delivery_at),
    },
  });
};
