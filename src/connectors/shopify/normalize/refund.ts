import { z } from "zod";
import { idString } from "../../../core/lossless-json.js";
import { firstIso } from "../../shared/time.js";
import { badTimestamp, buildEvent, Gid, IdValue, invalid, missingId, MoneyValue, parseBody, preferGid, Text, Timestamp, type ShopifyNormalizer } from "./common.js";
import { sumDecimals } from "./money.js";

const ShopMoney = z.object({ shop_money: z.object({ amount: MoneyValue, currency_code: Text }) }).nullish();

export const ShopifyRefund = z.object({
  id: IdValue,
  admin_graphql_api_id: Gid,
  order_id: IdValue,
  created_at: Timestamp,
  processed_at: Timestamp,
  note: Text,
  transactions: z
    .array(z.object({ kind: Text, status: Text, amount: MoneyValue, currency: Text }))
    .nullish(),
  refund_line_items: z.array(z.object({ subtotal_set: ShopMoney, total_tax_set: ShopMoney })).nullish(),
});
export type ShopifyRefund = z.infer<typeof ShopifyRefund>;

/**
 * The money that went back: successful refund transactions; when Shopify sends none (a refund of
 * items only, or older payloads), the refunded lines' subtotal plus tax.
 */
function refundedAmount(r: ShopifyRefund): { amount: string | null; currency: string | null } {
  const moneyBack = (r.transactions ?? []).filter((t) => t.kind === "refund" && t.status === "success");
  const lineCurrency = r.refund_line_items?.find((l) => l.subtotal_set?.shop_money.currency_code)?.subtotal_set?.shop_money.currency_code ?? null;
  if (moneyBack.length > 0) {
    return { amount: sumDecimals(moneyBack.map((t) => t.amount)), currency: moneyBack.find((t) => t.currency)?.currency ?? lineCurrency };
  }
  const parts = (r.refund_line_items ?? []).flatMap((l) => [l.subtotal_set?.shop_money.amount ?? "0", l.total_tax_set?.shop_money.amount ?? "0"]);
  return { amount: sumDecimals(parts), currency: lineCurrency };
}

/** refunds/create. The refund has no order gid: `order_id` must arrive losslessly. */
export const normalizeRefund: ShopifyNormalizer = (delivery, body) => {
  const parsed = parseBody(delivery, ShopifyRefund, body);
  if (!parsed.ok) return parsed.result;
  const r = parsed.data;
  const refundId = preferGid(r.admin_graphql_api_id, r.id);
  if (refundId === null) return missingId(delivery, "id");
  const orderId = idString(r.order_id);
  if (orderId === null) return missingId(delivery, "order_id");
  const createdAt = firstIso(r.created_at, r.processed_at, delivery.triggeredAt);
  if (createdAt === null) return badTimestamp(delivery, "created_at");
  const { amount, currency } = refundedAmount(r);
  if (amount === null) return invalid(delivery, "transactions.amount: not a decimal amount");
  return buildEvent(delivery, {
    timestamps: [r.created_at, r.processed_at],
    orderKey: orderId,
    trackingKey: null,
    payload: { kind: "refund.created", orderId, refundId, createdAt, amount, currency, note: r.note ?? null },
  });
};
