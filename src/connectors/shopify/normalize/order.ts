import { z } from "zod";
import type { LineItemSummary } from "../../../core/normalized.js";
import { toUtcIso } from "../../shared/time.js";
import { buildEvent, Gid, IdValue, MoneyValue, badTimestamp, missingId, parseBody, preferGid, splitTags, Text, Timestamp, type ShopifyNormalizer } from "./common.js";

const LineItem = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  sku: Text,
  title: Text,
  name: Text,
  quantity: z.number().int(),
  price: MoneyValue,
});

const ShippingLine = z.object({ code: Text, title: Text });
const Address = z.looseObject({ country_code: Text, province_code: Text }).nullish();

export const ShopifyOrder = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  name: Text,
  email: Text,
  contact_email: Text,
  created_at: z.string(),
  updated_at: Timestamp,
  processed_at: Timestamp,
  financial_status: Text,
  fulfillment_status: Text,
  cancelled_at: Timestamp,
  cancel_reason: Text,
  total_price: MoneyValue,
  currency: z.string(),
  tags: Text,
  test: z.boolean().nullish(),
  customer: z
    .looseObject({ id: IdValue.nullish(), admin_graphql_api_id: Gid, orders_count: z.number().int().nullish(), default_address: Address })
    .nullish(),
  shipping_address: Address,
  billing_address: Address,
  shipping_lines: z.array(ShippingLine).nullish(),
  line_items: z.array(LineItem),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;

/** orders/create, updated, paid, cancelled, fulfilled: the whole order, every time. */
export const normalizeOrder: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyOrder, body);
  if (!parsed.ok) return parsed.result;
  const o = parsed.data;
  const orderId = preferGid(o.admin_graphql_api_id, o.id);
  if (orderId === null) return missingId(delivery, "id");

  const lineItems: LineItemSummary[] = [];
  for (const [index, li] of o.line_items.entries()) {
    const id = preferGid(li.admin_graphql_api_id, li.id);
    if (id === null) return missingId(delivery, `line_items.${index}.id`);
    lineItems.push({ id, sku: li.sku || null, title: li.title ?? li.name ?? "", quantity: li.quantity, price: li.price });
  }
  const firstShipping = o.shipping_lines?.[0];
  const createdAt = toUtcIso(o.created_at);
  if (createdAt === null) return badTimestamp(delivery, "created_at");

  return buildEvent(delivery, {
    timestamps: [o.updated_at, o.created_at, o.processed_at],
    orderKey: orderId,
    trackingKey: null,
    payload: {
      kind: "order.upserted",
      orderId,
      name: o.name ?? null,
      email: o.email || o.contact_email || null,
      customerId: o.customer ? preferGid(o.customer.admin_graphql_api_id, o.customer.id) : null,
      customerOrdersCount: o.customer?.orders_count ?? null,
      createdAt,
      updatedAt: toUtcIso(o.updated_at) ?? createdAt,
      financialStatus: o.financial_status ?? null,
      fulfillmentStatus: o.fulfillment_status ?? null,
      cancelledAt: toUtcIso(o.cancelled_at),
      cancelReason: o.cancel_reason ? o.cancel_reason.toLowerCase() : null,
      totalPrice: o.total_price,
      currency: o.currency,
      shippingMethod: firstShipping ? firstShipping.code || firstShipping.title || null : null,
      lineItems,
      tags: splitTags(o.tags),
      test: o.test ?? false,
      shipTo: regionOf(o.shipping_address ?? o.billing_address ?? o.customer?.default_address ?? null),
    },
  });
};

/** The country and province codes of an address, upper-cased; null when it names no country. */
function regionOf(address: z.infer<typeof Address>): { countryCode: string; provinceCode: string | null } | null {
  const country = address?.country_code?.trim().toUpperCase() || null;
  if (!country) return null;
  return { countryCode: country, provinceCode: address?.province_code?.trim().toUpperCase() || null };
}
