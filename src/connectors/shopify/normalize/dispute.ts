import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { toUtcIso } from "../../shared/time.js";
import { badTimestamp, buildEvent, Gid, IdValue, missingId, MoneyValue, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";

export const ShopifyDispute = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  order_id: IdValue.nullish(),
  type: z.string(),
  reason: Text,
  amount: MoneyValue,
  currency: z.string(),
  status: z.string(),
  initiated_at: z.string(),
  updated_at: Timestamp,
});

/** disputes/create. `order_id` may be null (a dispute on a charge without an order). */
export const normalizeDispute: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyDispute, body);
  if (!parsed.ok) return parsed.result;
  const d = parsed.data;
  const disputeId = preferGid(d.admin_graphql_api_id, d.id);
  if (disputeId === null) return missingId(delivery, "id");
  const orderId = d.order_id == null ? null : idString(d.order_id);
  if (d.order_id != null && orderId === null) return missingId(delivery, "order_id");
  const initiatedAt = toUtcIso(d.initiated_at);
  if (initiatedAt === null) return badTimestamp(delivery, "initiated_at");
  return buildEvent(delivery, {
    timestamps: [d.updated_at, d.initiated_at],
    orderKey: orderId,
    trackingKey: null,
    payload: {
      kind: "dispute.created",
      orderId,
      disputeId,
      type: d.type,
      reason: d.reason ?? null,
      amount: d.amount,
      currency: d.currency,
      status: d.status,
      initiatedAt,
    },
  });
};
