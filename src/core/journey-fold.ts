import { compareEvents, type StoredEvent } from "./event.js";
import { expectedDelivery } from "./expected-delivery.js";
import type { Journey } from "./journey.js";
import { collect } from "./journey-collect.js";
import type { ShopSettings } from "./settings.js";
import { deriveShipments } from "./shipment-derive.js";
import { timeZoneOfRegion } from "./region-time-zone.js";

/**
 * Folds an order's events into its journey. The events are sorted by source time first and every
 * choice below is "latest by source time" over the whole set, so any arrival order, duplicate or
 * late delivery folds to the same journey. Signals are left empty: see `projectJourney`.
 */
export function foldJourney(shop: string, orderId: string, events: StoredEvent[], settings: ShopSettings): Journey {
  const sorted = uniqueById(events).sort(compareStored);
  const state = collect(sorted);
  const order = state.order;
  const promise = order === null ? null : expectedDelivery(
    { orderCreatedAt: order.createdAt, shippingMethod: order.shippingMethod, shipDate: null, carrierEstimate: null },
    settings,
  );
  const shipments = deriveShipments(state, order, settings, promise);
  const last = sorted[sorted.length - 1];
  return {
    shop,
    orderId,
    orderGid: `gid://shopify/Order/${orderId}`,
    name: order?.name ?? null,
    email: order?.email ?? null,
    customerId: order?.customerId ?? null,
    customerOrdersCount: order?.customerOrdersCount ?? null,
    createdAt: order?.createdAt ?? null,
    updatedAt: order?.updatedAt ?? null,
    financialStatus: order?.financialStatus ?? null,
    fulfillmentStatus: order?.fulfillmentStatus ?? null,
    cancelledAt: order?.cancelledAt ?? null,
    cancelReason: order?.cancelReason ?? null,
    totalPrice: order?.totalPrice ?? null,
    currency: order?.currency ?? null,
    shippingMethod: order?.shippingMethod ?? null,
    lineItems: order?.lineItems ?? [],
    customerTimeZone: timeZoneOfRegion(order?.shipTo),
    promisedBy: promise?.at ?? null,
    shipments,
    refunds: [...state.refunds.values()].map((r) => ({ id: r.refundId, at: r.createdAt, amount: r.amount, note: r.note })),
    returns: [...state.returns.values()].map((r) => ({ id: r.returnId, status: r.status, declineReason: r.declineReason })),
    disputes: [...state.disputes.values()].map((d) => ({
      id: d.disputeId,
      type: d.type,
      reason: d.reason,
      status: d.status,
      amount: d.amount,
    })),
    signals: [],
    asOf: last?.occurredAt ?? new Date(0).toISOString(),
    eventCount: sorted.length,
  };
}

function uniqueById(events: StoredEvent[]): StoredEvent[] {
  const byId = new Map<string, StoredEvent>();
  for (const event of events) byId.set(event.id, event);
  return [...byId.values()];
}

/** compareEvents, then the event id, so that even events equal on source keys sort one way. */
function compareStored(a: StoredEvent, b: StoredEvent): number {
  return compareEvents(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
