import { z } from "zod";
import { ShipmentTag } from "../../core/shipment-status.js";

/** A calendar date, `YYYY-MM-DD`: what a customer is told, without a time zone to shift it. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export type IsoDate = z.infer<typeof IsoDate>;

/** Decimal as text ("84.95"), never a float. */
const Money = z.string().regex(/^-?\d+(\.\d+)?$/);

export const ShipmentFacts = z.object({
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  /** AfterShip tag and sub-status code (`Exception_013`). */
  tag: ShipmentTag,
  subtag: z.string().nullable(),
  shippedOn: IsoDate.nullable(),
  deliveredOn: IsoDate.nullable(),
  expectedDelivery: IsoDate.nullable(),
  /** The estimate before the latest revision, when the carrier moved it. */
  previousExpectedDelivery: IsoDate.nullable(),
  /** Derived signals in force: `edd_revised`, `edd_missed`, `transit_stalled`, `delivery_exception`… */
  signals: z.array(z.string()),
});
export type ShipmentFacts = z.infer<typeof ShipmentFacts>;

export const ReturnFacts = z.object({
  status: z.string(), // Shopify ReturnStatus, lower-cased: requested, open, closed, declined…
  reason: z.string().nullable(), // Shopify ReturnReason
  refundAmount: Money.nullable(),
});
export type ReturnFacts = z.infer<typeof ReturnFacts>;

/**
 * The live facts of one order that a draft may state. Drafts and guardrails read only these and
 * the retrieved passages: anything a reply says about the order must be found here.
 */
export const OrderFacts = z.object({
  orderName: z.string().min(1), // "#1042"
  customerFirstName: z.string().nullable(),
  orderedOn: IsoDate.nullable(),
  financialStatus: z.string().nullable(), // Shopify: paid, partially_refunded, refunded…
  fulfillmentStatus: z.string().nullable(), // Shopify: null (unfulfilled), partial, fulfilled
  cancelled: z.boolean(),
  items: z.array(z.object({ title: z.string(), quantity: z.number().int() })),
  shipments: z.array(ShipmentFacts),
  openReturns: z.array(ReturnFacts),
  /** Fulfillment holds in force, by reason. */
  holds: z.array(z.object({ reason: z.string() })),
  totals: z.object({
    total: Money,
    subtotal: Money.nullable(),
    shipping: Money.nullable(),
    currency: z.string().length(3),
  }),
});
export type OrderFacts = z.infer<typeof OrderFacts>;
