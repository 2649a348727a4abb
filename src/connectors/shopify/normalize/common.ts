import { z } from "zod";
import type { NewEvent } from "../../../core/event.js";
import type { NormalizedPayload } from "../../../core/normalized.js";
import { gidToId, idString } from "../../../core/lossless-json.js";
import { firstIso } from "../../shared/time.js";
import { describeZodError } from "../../shared/zod-issue.js";

/** What every Shopify normalizer gets besides the body: the delivery's headers, already read. */
export interface ShopifyDelivery {
  shop: string;
  topic: string;
  deliveryId: string;
  triggeredAt: string | null;
}

export type NormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

export type ShopifyNormalizer = (delivery: ShopifyDelivery, body: unknown) => NormalizeResult;

/**
 * Vendor-schema building blocks. Lenient by design: unknown fields pass through, only the fields we
 * read are checked, and `nullish` wherever Shopify sends null or leaves the field out.
 */
export const IdValue = z.union([z.string().min(1), z.number().int()]);
export const Gid = z.string().nullish();
export const Text = z.string().nullish();
export const Timestamp = z.string().nullish();
/** Shopify sends money as decimal strings; a number is accepted and turned into text as-is. */
export const MoneyValue = z.union([z.string(), z.number()]).transform((v) => String(v));

/**
 * The id to keep: the numeric part of `admin_graphql_api_id` when present (it survives a lossy
 * JSON.parse upstream), else the lossless id. A number that is not a safe integer is refused (null):
 * it has already lost digits and must not become a key.
 */
export function preferGid(gid: string | null | undefined, id: unknown): string | null {
  return gidToId(gid) ?? idString(id);
}

/** Tags as Shopify sends them: one comma-separated string ("tag1, tag2"). */
export function splitTags(v: string | null | undefined): string[] {
  if (!v) return [];
  return v
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export function invalid(delivery: ShopifyDelivery, message: string): NormalizeResult {
  return { ok: false, code: "PAYLOAD_INVALID", message: `${delivery.topic}: ${message}` };
}

/** Parses the body against a resource schema; the failure message names the field (zod issue path). */
export function parseBody<S extends z.ZodType>(
  delivery: ShopifyDelivery,
  schema: S,
  body: unknown,
): { ok: true; data: z.output<S> } | { ok: false; result: NormalizeResult } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, result: { ok: false, code: "PAYLOAD_INVALID", message: describeZodError(delivery.topic, parsed.error) } };
}

/**
 * Builds the event. `occurredAt` is the first valid source timestamp the normalizer offers, then
 * X-Shopify-Triggered-At; with neither there is no honest time to order the event by.
 */
export function buildEvent(
  delivery: ShopifyDelivery,
  fields: { timestamps: unknown[]; orderKey: string | null; trackingKey: string | null; payload: NormalizedPayload },
): NormalizeResult {
  const occurredAt = firstIso(...fields.timestamps, delivery.triggeredAt);
  if (occurredAt === null) {
    return invalid(delivery, "no timestamp: the body has none and X-Shopify-Triggered-At is missing");
  }
  return {
    ok: true,
    event: {
      shop: delivery.shop,
      source: "shopify",
      topic: delivery.topic,
      occurredAt,
      deliveryId: delivery.deliveryId,
      orderKey: fields.orderKey,
      trackingKey: fields.trackingKey,
      payload: fields.payload,
    },
  };
}

/** A required id the schema let through but that resolved to nothing usable (e.g. a rounded number). */
export function missingId(delivery: ShopifyDelivery, field: string): NormalizeResult {
  return invalid(delivery, `${field}: no usable id (absent, empty, or a number that lost precision)`);
}

/** A timestamp the resource needs that is absent or not a date. */
export function badTimestamp(delivery: ShopifyDelivery, field: string): NormalizeResult {
  return invalid(delivery, `${field}: absent or not a valid timestamp`);
}
