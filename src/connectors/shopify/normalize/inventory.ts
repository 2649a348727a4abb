import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { badTimestamp, buildEvent, Gid, IdValue, missingId, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";
import { toUtcIso } from "../../shared/time.js";

export const ShopifyInventoryLevel = z.object({
  inventory_item_id: IdValue,
  location_id: IdValue,
  available: z.number().int().nullish(),
  updated_at: z.string(),
  admin_graphql_api_id: Gid,
});

/**
 * The level's gid names the item in its query string
 * ("gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015"), which survives a
 * lossy parse of `inventory_item_id`.
 */
function itemIdFromLevelGid(gid: string | null | undefined): string | null {
  if (!gid) return null;
  const m = /[?&]inventory_item_id=(\d+)/.exec(gid);
  return m?.[1] ?? null;
}

export const normalizeInventoryLevel: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyInventoryLevel, body);
  if (!parsed.ok) return parsed.result;
  const l = parsed.data;
  const inventoryItemId = itemIdFromLevelGid(l.admin_graphql_api_id) ?? idString(l.inventory_item_id);
  if (inventoryItemId === null) return missingId(delivery, "inventory_item_id");
  const locationId = idString(l.location_id);
  if (locationId === null) return missingId(delivery, "location_id");
  const updatedAt = toUtcIso(l.updated_at);
  if (updatedAt === null) return badTimestamp(delivery, "updated_at");
  return buildEvent(delivery, {
    timestamps: [l.updated_at],
    orderKey: null,
    trackingKey: null,
    payload: { kind: "inventory_level.updated", inventoryItemId, locationId, available: l.available ?? null, updatedAt },
  });
};

export const ShopifyInventoryItem = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  sku: Text,
  tracked: z.boolean().nullish(),
  created_at: Timestamp,
  updated_at: z.string(),
});

export const normalizeInventoryItem: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyInventoryItem, body);
  if (!parsed.ok) return parsed.result;
  const i = parsed.data;
  const inventoryItemId = preferGid(i.admin_graphql_api_id, i.id);
  if (inventoryItemId === null) return missingId(delivery, "id");
  const updatedAt = toUtcIso(i.updated_at);
  if (updatedAt === null) return badTimestamp(delivery, "updated_at");
  return buildEvent(delivery, {
    timestamps: [i.updated_at, i.created_at],
    orderKey: null,
    trackingKey: null,
    payload: { kind: "inventory_item.updated", inventoryItemId, sku: i.sku || null, tracked: i.tracked ?? null, updatedAt },
  });
};
