import { z } from "zod";
import { gidToId, idString } from "../../../core/lossless-json.js";
import { buildEvent, IdValue, missingId, parseBody, Text, type ShopifyNormalizer } from "./common.js";

export const ShopifyFulfillmentHoldAdded = z.object({
  fulfillment_order: z.object({ id: IdValue }),
  fulfillment_hold: z.object({ id: IdValue.nullish(), reason: z.string(), reason_notes: Text }),
});

/** Ids here are GraphQL gids ("gid://shopify/FulfillmentOrder/1"); a plain id is accepted too. */
function idFromGidOrPlain(v: unknown): string | null {
  return gidToId(v) ?? (typeof v === "string" && v.startsWith("gid://") ? null : idString(v));
}

/**
 * fulfillment_holds/added. The body names the fulfillment order only, not the order: orderKey is
 * null and projections resolve the order through the fulfillment order. No timestamps either.
 */
export const normalizeFulfillmentHold: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyFulfillmentHoldAdded, body);
  if (!parsed.ok) return parsed.result;
  const { fulfillment_order: fo, fulfillment_hold: hold } = parsed.data;
  const fulfillmentOrderId = idFromGidOrPlain(fo.id);
  if (fulfillmentOrderId === null) return missingId(delivery, "fulfillment_order.id");
  return buildEvent(delivery, {
    timestamps: [],
    orderKey: null,
    trackingKey: null,
    payload: {
      kind: "fulfillment_hold.added",
      fulfillmentOrderId,
      holdId: hold.id == null ? null : idFromGidOrPlain(hold.id),
      reason: hold.reason,
      notes: hold.reason_notes ?? null,
    },
  });
};
