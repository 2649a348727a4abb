import { z } from "zod";
import type { ProductUpserted } from "../../../core/normalized.js";
import { idString } from "../../../core/lossless-json.js";
import { firstIso } from "../../shared/time.js";
import { badTimestamp, buildEvent, Gid, IdValue, missingId, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";

export const ShopifyProduct = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  title: z.string(),
  status: Text,
  created_at: Timestamp,
  updated_at: Timestamp,
  variants: z
    .array(
      z.object({
        id: IdValue,
        admin_graphql_api_id: Gid,
        sku: Text,
        inventory_item_id: IdValue.nullish(),
        inventory_quantity: z.number().int().nullish(),
      }),
    )
    .nullish(),
});

/** products/create and products/update. */
export const normalizeProduct: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyProduct, body);
  if (!parsed.ok) return parsed.result;
  const p = parsed.data;
  const productId = preferGid(p.admin_graphql_api_id, p.id);
  if (productId === null) return missingId(delivery, "id");
  const variants: ProductUpserted["variants"] = [];
  for (const [index, v] of (p.variants ?? []).entries()) {
    const id = preferGid(v.admin_graphql_api_id, v.id);
    if (id === null) return missingId(delivery, `variants.${index}.id`);
    variants.push({
      id,
      sku: v.sku || null,
      inventoryItemId: v.inventory_item_id == null ? null : idString(v.inventory_item_id),
      inventoryQuantity: v.inventory_quantity ?? null,
    });
  }
  const updatedAt = firstIso(p.updated_at, p.created_at, delivery.triggeredAt);
  if (updatedAt === null) return badTimestamp(delivery, "updated_at");
  return buildEvent(delivery, {
    timestamps: [p.updated_at, p.created_at],
    orderKey: null,
    trackingKey: null,
    payload: { kind: "product.upserted", productId, title: p.title, status: p.status ?? null, variants, updatedAt },
  });
};
