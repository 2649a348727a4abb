import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { toUtcIso } from "../../shared/time.js";
import { mapShopifyShipmentStatus } from "../shipment-status-map.js";
import { buildEvent, Gid, IdValue, badTimestamp, missingId, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";

export const ShopifyFulfillment = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  order_id: IdValue,
  name: Text,
  status: Text,
  shipment_status: Text,
  tracking_company: Text,
  tracking_number: Text,
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_url: Text,
  tracking_urls: z.array(z.string()).nullish(),
  created_at: z.string(),
  updated_at: Timestamp,
});

/**
 * fulfillments/create and fulfillments/update. A fulfillment has no order gid: `order_id` is only
 * as good as the JSON parse that produced it (a rounded number is refused, not guessed).
 */
export const normalizeFulfillment: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyFulfillment, body);
  if (!parsed.ok) return parsed.result;
  const f = parsed.data;
  const fulfillmentId = preferGid(f.admin_graphql_api_id, f.id);
  if (fulfillmentId === null) return missingId(delivery, "id");
  const orderId = idString(f.order_id);
  if (orderId === null) return missingId(delivery, "order_id");
  const createdAt = toUtcIso(f.created_at);
  if (createdAt === null) return badTimestamp(delivery, "created_at");

  const trackingNumbers = f.tracking_numbers?.length ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
  const mapped = mapShopifyShipmentStatus(f.shipment_status);
  return buildEvent(delivery, {
    timestamps: [f.updated_at, f.created_at],
    orderKey: orderId,
    trackingKey: trackingNumbers[0] ?? null,
    payload: {
      kind: "fulfillment.upserted",
      orderId,
      fulfillmentId,
      name: f.name ?? null,
      status: f.status ?? null,
      tag: mapped?.tag ?? null,
      subtag: mapped?.subtag ?? null,
      carrier: f.tracking_company ?? null,
      trackingNumbers,
      trackingUrl: f.tracking_url ?? f.tracking_urls?.[0] ?? null,
      createdAt,
      updatedAt: toUtcIso(f.updated_at) ?? createdAt,
    },
  });
};
