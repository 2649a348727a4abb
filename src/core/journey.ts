import { z } from "zod";
import { Checkpoint, LineItemSummary } from "./normalized.js";
import { ShipmentTag } from "./shipment-status.js";

export const SignalName = z.enum([
  "fulfillment_stalled",
  "pickup_stalled",
  "transit_stalled",
  "edd_revised",
  "edd_missed",
  "delivery_exception",
  "carrier_delay",
]);
export type SignalName = z.infer<typeof SignalName>;

/** A derived signal with the facts that raised it, so a rule can explain itself. */
export const Signal = z.object({
  name: SignalName,
  shipmentKey: z.string().nullable(), // null for order-level signals (fulfillment_stalled)
  since: z.string(), // when the condition became true (source time)
  detail: z.string(), // human-readable: "no carrier scan since 2026-11-20 (5 business days > 4)"
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type Signal = z.infer<typeof Signal>;

export const EddSource = z.enum(["merchant_promise", "ship_date_plus_transit", "carrier_estimate"]);
export type EddSource = z.infer<typeof EddSource>;

export const Shipment = z.object({
  key: z.string(), // tracking number when known, else "fulfillment:<id>"
  fulfillmentId: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  tag: ShipmentTag,
  subtag: z.string().nullable(),
  subtagMessage: z.string().nullable(),
  shippedAt: z.string().nullable(), // fulfillment created
  firstScanAt: z.string().nullable(), // first carrier movement (InTransit or later)
  lastScanAt: z.string().nullable(), // latest checkpoint time
  deliveredAt: z.string().nullable(),
  carrierEstimate: z.string().nullable(), // latest carrier estimated delivery
  firstCarrierEstimate: z.string().nullable(),
  expectedDelivery: z.string().nullable(), // by precedence: promise → ship+transit → carrier
  expectedDeliverySource: EddSource.nullable(),
  checkpoints: z.array(Checkpoint),
  updatedAt: z.string(),
});
export type Shipment = z.infer<typeof Shipment>;

export const Journey = z.object({
  shop: z.string(),
  orderId: z.string(),
  orderGid: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  customerId: z.string().nullable(),
  customerOrdersCount: z.number().int().nullable(),
  createdAt: z.string().nullable(), // null while only shipment/tracking events are known
  updatedAt: z.string().nullable(), // the order's own updated_at (source time)
  financialStatus: z.string().nullable(),
  fulfillmentStatus: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  totalPrice: z.string().nullable(),
  currency: z.string().nullable(),
  shippingMethod: z.string().nullable(),
  lineItems: z.array(LineItemSummary),
  /** The IANA zone the order ships to (core/region-time-zone.ts), null when the address does not say; absent in journeys stored before it was kept. */
  customerTimeZone: z.string().nullable().optional(),
  promisedBy: z.string().nullable(), // merchant promise: order date + processing + transit business days
  shipments: z.array(Shipment),
  refunds: z.array(z.object({ id: z.string(), at: z.string(), amount: z.string(), note: z.string().nullable() })),
  returns: z.array(z.object({ id: z.string(), status: z.string(), declineReason: z.string().nullable() })),
  disputes: z.array(z.object({ id: z.string(), type: z.string(), reason: z.string().nullable(), status: z.string(), amount: z.string() })),
  signals: z.array(Signal),
  asOf: z.string(), // source time of the latest event folded in
  eventCount: z.number().int(),
});
export type Journey = z.infer<typeof Journey>;
