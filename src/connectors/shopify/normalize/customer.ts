import { z } from "zod";
import { firstIso } from "../../shared/time.js";
import { badTimestamp, buildEvent, Gid, IdValue, missingId, parseBody, preferGid, splitTags, Text, Timestamp, type ShopifyNormalizer } from "./common.js";

export const ShopifyCustomer = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  email: Text,
  first_name: Text,
  last_name: Text,
  orders_count: z.number().int().nullish(),
  tags: Text,
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** customers/create and customers/update. Recent API versions no longer send `orders_count`. */
export const normalizeCustomer: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyCustomer, body);
  if (!parsed.ok) return parsed.result;
  const c = parsed.data;
  const customerId = preferGid(c.admin_graphql_api_id, c.id);
  if (customerId === null) return missingId(delivery, "id");
  const updatedAt = firstIso(c.updated_at, c.created_at, delivery.triggeredAt);
  if (updatedAt === null) return badTimestamp(delivery, "updated_at");
  return buildEvent(delivery, {
    timestamps: [c.updated_at, c.created_at],
    orderKey: null,
    trackingKey: null,
    payload: {
      kind: "customer.upserted",
      customerId,
      email: c.email || null,
      firstName: c.first_name ?? null,
      lastName: c.last_name ?? null,
      ordersCount: c.orders_count ?? null,
      tags: splitTags(c.tags),
      updatedAt,
    },
  });
};
