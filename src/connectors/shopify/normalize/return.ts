import { z } from "zod";
import { buildEvent, Gid, IdValue, missingId, parseBody, preferGid, Text, Timestamp, type NormalizeResult, type ShopifyDelivery, type ShopifyNormalizer } from "./common.js";
import { ignoredEvent } from "./ignored.js";

/**
 * returns/request, approve and decline carry `order: {id, admin_graphql_api_id}`; cancel, close and
 * reopen carry a bare `order_id`. Returns carry no timestamps: occurredAt is X-Shopify-Triggered-At.
 */
export const ShopifyReturn = z.object({
  id: IdValue.nullish(),
  admin_graphql_api_id: Gid,
  status: z.string(),
  order: z.object({ id: IdValue.nullish(), admin_graphql_api_id: Gid }).nullish(),
  order_id: IdValue.nullish(),
  updated_at: Timestamp,
  created_at: Timestamp,
  total_return_line_items: z.number().int().nullish(),
  return_line_items: z.unknown().optional(),
  decline: z.object({ reason: Text }).nullish(),
});

function toReturnEvent(delivery: ShopifyDelivery, body: unknown): NormalizeResult {
  const parsed = parseBody(delivery, ShopifyReturn, body);
  if (!parsed.ok) return parsed.result;
  const r = parsed.data;
  const returnId = preferGid(r.admin_graphql_api_id, r.id);
  if (returnId === null) return missingId(delivery, "id");
  const orderId = preferGid(r.order?.admin_graphql_api_id, r.order?.id ?? r.order_id);
  if (orderId === null) return missingId(delivery, "order.id");
  const lineItemCount = r.total_return_line_items ?? (Array.isArray(r.return_line_items) ? r.return_line_items.length : null);
  return buildEvent(delivery, {
    timestamps: [r.updated_at, r.created_at],
    orderKey: orderId,
    trackingKey: null,
    payload: {
      kind: "return.updated",
      orderId,
      returnId,
      status: r.status,
      topic: delivery.topic,
      declineReason: r.decline?.reason ?? null,
      lineItemCount,
    },
  });
}

export const normalizeReturn: ShopifyNormalizer = toReturnEvent;

const ReturnUpdateWithStatus = z.object({ status: z.string() });

/**
 * returns/update carries only line-item and fee deltas: no status and no order reference, so it
 * cannot be attached to a journey. It is kept as `ignored` (the raw body stays for replay) unless a
 * future payload does carry a status, in which case it is a normal return update.
 */
export const normalizeReturnUpdate: ShopifyNormalizer = (delivery, body) => {
  if (ReturnUpdateWithStatus.safeParse(body).success) return toReturnEvent(delivery, body);
  return ignoredEvent(delivery, body);
};
