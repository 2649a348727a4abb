import { TicketTriaged } from "./ticket-triage.js";
import { z } from "zod";
import { ShipmentTag } from "./shipment-status.js";
import { TicketMessage, TicketSnapshot } from "./ticket-payload.js";

/**
 * The normalized form of every inbound event. Connectors turn vendor payloads into one of these;
 * projections and rules read only these. Ids are always strings (Shopify ids exceed 2^53).
 * Timestamps are ISO-8601 strings in UTC (`toISOString()` form) so that they sort as text.
 */

const Iso = z.string();
const Id = z.string().min(1);
const Money = z.string(); // decimal as text, e.g. "404.95": never a float

export const LineItemSummary = z.object({
  id: Id,
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  price: Money,
});
export type LineItemSummary = z.infer<typeof LineItemSummary>;

/** A place an order ships to: ISO 3166-1 country code and its province (state) code. */
export const Region = z.object({ countryCode: z.string().nullable(), provinceCode: z.string().nullable() });
export type Region = z.infer<typeof Region>;

export const OrderUpserted = z.object({
  kind: z.literal("order.upserted"),
  orderId: Id,
  name: z.string().nullable(), // "#1001"
  email: z.string().nullable(),
  customerId: z.string().nullable(),
  customerOrdersCount: z.number().int().nullable(), // as Shopify reports it, when it does
  createdAt: Iso,
  updatedAt: Iso,
  financialStatus: z.string().nullable(),
  fulfillmentStatus: z.string().nullable(),
  cancelledAt: Iso.nullable(),
  cancelReason: z.string().nullable(), // Shopify OrderCancelReason, lower-cased
  totalPrice: Money,
  currency: z.string(),
  shippingMethod: z.string().nullable(), // first shipping line's code, else title
  lineItems: z.array(LineItemSummary),
  tags: z.array(z.string()),
  test: z.boolean(),
  /** Where it ships (the shipping address, else billing, else the customer's default): its time zone is the customer's night. Absent in events stored before it was kept. */
  shipTo: Region.nullable().optional(),
});
export type OrderUpserted = z.infer<typeof OrderUpserted>;

export const OrderEdited = z.object({
  kind: z.literal("order.edited"),
  orderId: Id,
  editId: Id,
  committedAt: Iso,
});
export type OrderEdited = z.infer<typeof OrderEdited>;

export const FulfillmentUpserted = z.object({
  kind: z.literal("fulfillment.upserted"),
  orderId: Id,
  fulfillmentId: Id,
  name: z.string().nullable(), // "#1001.1"
  status: z.string().nullable(), // Shopify fulfillment status: pending, open, success, cancelled, error, failure
  tag: ShipmentTag.nullable(), // mapped from shipment_status, when Shopify has one
  subtag: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumbers: z.array(z.string()),
  trackingUrl: z.string().nullable(),
  createdAt: Iso,
  updatedAt: Iso,
});
export type FulfillmentUpserted = z.infer<typeof FulfillmentUpserted>;

export const Checkpoint = z.object({
  at: Iso,
  tag: ShipmentTag,
  subtag: z.string().nullable(),
  message: z.string().nullable(),
  location: z.string().nullable(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** A Shopify fulfillment event (a carrier scan as Shopify relays it). */
export const FulfillmentEventCreated = z.object({
  kind: z.literal("fulfillment.event"),
  orderId: Id,
  fulfillmentId: Id,
  eventId: Id,
  checkpoint: Checkpoint,
  estimatedDeliveryAt: Iso.nullable(),
});
export type FulfillmentEventCreated = z.infer<typeof FulfillmentEventCreated>;

/** A carrier tracking update from EasyPost, AfterShip or Shippo. */
export const TrackingUpdated = z.object({
  kind: z.literal("tracking.updated"),
  provider: z.enum(["easypost", "aftership", "shippo"]),
  carrier: z.string().nullable(),
  trackingNumber: Id,
  tag: ShipmentTag,
  subtag: z.string().nullable(),
  subtagMessage: z.string().nullable(),
  estimatedDeliveryAt: Iso.nullable(),
  checkpoints: z.array(Checkpoint),
  updatedAt: Iso,
  /** An order reference the provider carries (AfterShip `order_id`, Shippo `metadata`), if any. */
  orderRef: z.string().nullable(),
});
export type TrackingUpdated = z.infer<typeof TrackingUpdated>;

export const RefundCreated = z.object({
  kind: z.literal("refund.created"),
  orderId: Id,
  refundId: Id,
  createdAt: Iso,
  amount: Money,
  currency: z.string().nullable(),
  note: z.string().nullable(),
});
export type RefundCreated = z.infer<typeof RefundCreated>;

export const ReturnUpdated = z.object({
  kind: z.literal("return.updated"),
  orderId: Id,
  returnId: Id,
  status: z.string(), // requested, open, declined, canceled, closed, …
  topic: z.string(), // returns/request, returns/approve, …
  declineReason: z.string().nullable(),
  lineItemCount: z.number().int().nullable(),
});
export type ReturnUpdated = z.infer<typeof ReturnUpdated>;

export const InventoryLevelUpdated = z.object({
  kind: z.literal("inventory_level.updated"),
  inventoryItemId: Id,
  locationId: Id,
  available: z.number().int().nullable(),
  updatedAt: Iso,
});
export type InventoryLevelUpdated = z.infer<typeof InventoryLevelUpdated>;

export const InventoryItemUpdated = z.object({
  kind: z.literal("inventory_item.updated"),
  inventoryItemId: Id,
  sku: z.string().nullable(),
  tracked: z.boolean().nullable(),
  updatedAt: Iso,
});
export type InventoryItemUpdated = z.infer<typeof InventoryItemUpdated>;

export const ProductUpserted = z.object({
  kind: z.literal("product.upserted"),
  productId: Id,
  title: z.string(),
  status: z.string().nullable(),
  variants: z.array(
    z.object({ id: Id, sku: z.string().nullable(), inventoryItemId: z.string().nullable(), inventoryQuantity: z.number().int().nullable() }),
  ),
  updatedAt: Iso,
});
export type ProductUpserted = z.infer<typeof ProductUpserted>;

export const CustomerUpserted = z.object({
  kind: z.literal("customer.upserted"),
  customerId: Id,
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  ordersCount: z.number().int().nullable(),
  tags: z.array(z.string()),
  updatedAt: Iso,
});
export type CustomerUpserted = z.infer<typeof CustomerUpserted>;

export const DisputeCreated = z.object({
  kind: z.literal("dispute.created"),
  orderId: z.string().nullable(),
  disputeId: Id,
  type: z.string(),
  reason: z.string().nullable(),
  amount: Money,
  currency: z.string(),
  status: z.string(),
  initiatedAt: Iso,
});
export type DisputeCreated = z.infer<typeof DisputeCreated>;

export const FulfillmentHoldAdded = z.object({
  kind: z.literal("fulfillment_hold.added"),
  fulfillmentOrderId: Id,
  holdId: z.string().nullable(),
  reason: z.string(),
  notes: z.string().nullable(),
});
export type FulfillmentHoldAdded = z.infer<typeof FulfillmentHoldAdded>;

/** A durable timer came due (silence is a signal too). */
export const TimerFired = z.object({
  kind: z.literal("timer.fired"),
  orderId: Id,
  timer: z.string(), // e.g. "transit_stalled:1Z999"
  dueAt: Iso,
});
export type TimerFired = z.infer<typeof TimerFired>;

/** A helpdesk ticket was created or changed (status, tags, subject…). */
export const TicketUpserted = z.object({
  kind: z.literal("ticket.upserted"),
  ticket: TicketSnapshot,
});
export type TicketUpserted = z.infer<typeof TicketUpserted>;

/** A message (customer message, agent reply or internal note) was added to a helpdesk ticket. */
export const TicketMessageAdded = z.object({
  kind: z.literal("ticket.message_added"),
  ticket: TicketSnapshot,
  message: TicketMessage,
});
export type TicketMessageAdded = z.infer<typeof TicketMessageAdded>;

/** A topic Firebreak stores but does not act on. */
export const Ignored = z.object({
  kind: z.literal("ignored"),
  topic: z.string(),
});
export type Ignored = z.infer<typeof Ignored>;

export const NormalizedPayload = z.discriminatedUnion("kind", [
  OrderUpserted,
  OrderEdited,
  FulfillmentUpserted,
  FulfillmentEventCreated,
  TrackingUpdated,
  RefundCreated,
  ReturnUpdated,
  InventoryLevelUpdated,
  InventoryItemUpdated,
  ProductUpserted,
  CustomerUpserted,
  DisputeCreated,
  FulfillmentHoldAdded,
  TimerFired,
  Ignored,
  TicketUpserted,
  TicketTriaged,
  TicketMessageAdded,
]);
export type NormalizedPayload = z.infer<typeof NormalizedPayload>;
export type PayloadKind = NormalizedPayload["kind"];
