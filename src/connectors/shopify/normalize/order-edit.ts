import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { firstIso } from "../../shared/time.js";
import { buildEvent, IdValue, badTimestamp, missingId, parseBody, Timestamp, type ShopifyNormalizer } from "./common.js";

export const ShopifyOrderEdit = z.object({
  order_edit: z.object({
    id: IdValue,
    order_id: IdValue,
    created_at: Timestamp,
    committed_at: Timestamp,
  }),
});

/** orders/edited: the edit carries no order gid, so `order_id` must arrive losslessly. */
export const normalizeOrderEdit: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyOrderEdit, body);
  if (!parsed.ok) return parsed.result;
  const e = parsed.data.order_edit;
  const orderId = idString(e.order_id);
  if (orderId === null) return missingId(delivery, "order_edit.order_id");
  const editId = idString(e.id);
  if (editId === null) return missingId(delivery, "order_edit.id");
  const committedAt = firstIso(e.committed_at, e.created_at, delivery.triggeredAt);
  if (committedAt === null) return badTimestamp(delivery, "order_edit.committed_at");
  return buildEvent(delivery, {
    timestamps: [e.committed_at, e.created_at],
    orderKey: orderId,
    trackingKey: null,
    payload: { kind: "order.edited", orderId, editId, committedAt },
  });
};
