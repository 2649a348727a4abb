import { StoredEvent, type EventSource } from "../../src/core/event.js";
import type {
  Checkpoint,
  FulfillmentEventCreated,
  FulfillmentUpserted,
  NormalizedPayload,
  OrderUpserted,
  TrackingUpdated,
} from "../../src/core/normalized.js";
import type { ShipmentTag } from "../../src/core/shipment-status.js";
import { seededRandom } from "../../src/core/random.js";

export const SHOP = "firebreak-test.myshopify.com";
/** Above 2^53 on purpose: ids must stay strings end to end. */
export const ORDER_ID = "820982911946154508";
export const FULFILLMENT_ID = "4451234567890123456";
export const TRACKING = "1Z999AA10123456784";

let counter = 0;

export interface EventOptions {
  occurredAt?: string;
  source?: EventSource;
  topic?: string;
  deliveryId?: string;
  receivedAt?: string;
}

/** A StoredEvent around a payload, validated by the real schema so that builders cannot drift. */
export function stored(payload: NormalizedPayload, options: EventOptions = {}): StoredEvent {
  counter += 1;
  const occurredAt = options.occurredAt ?? defaultOccurredAt(payload);
  return StoredEvent.parse({
    id: `evt-${String(counter).padStart(6, "0")}`,
    seq: counter,
    shop: SHOP,
    source: options.source ?? defaultSource(payload),
    topic: options.topic ?? payload.kind,
    occurredAt,
    receivedAt: options.receivedAt ?? occurredAt,
    deliveryId: options.deliveryId ?? `delivery-${counter}`,
    orderKey: "orderId" in payload ? payload.orderId : ORDER_ID,
    trackingKey: payload.kind === "tracking.updated" ? payload.trackingNumber : null,
    rawBodyId: null,
    payload,
  });
}

function defaultSource(payload: NormalizedPayload): EventSource {
  if (payload.kind === "tracking.updated") return payload.provider;
  if (payload.kind === "timer.fired") return "clock";
  return "shopify";
}

function defaultOccurredAt(payload: NormalizedPayload): string {
  switch (payload.kind) {
    case "order.upserted":
    case "fulfillment.upserted":
    case "tracking.updated":
      return payload.updatedAt;
    case "fulfillment.event":
      return payload.checkpoint.at;
    case "timer.fired":
      return payload.dueAt;
    case "refund.created":
      return payload.createdAt;
    case "dispute.created":
      return payload.initiatedAt;
    default:
      return "2026-11-02T00:00:00.000Z";
  }
}

export function order(over: Partial<OrderUpserted> = {}): OrderUpserted {
  const createdAt = over.createdAt ?? "2026-11-02T14:00:00.000Z";
  return {
    kind: "order.upserted",
    orderId: ORDER_ID,
    name: "#1001",
    email: "jon@example.com",
    customerId: "115310627314723954",
    customerOrdersCount: 1,
    createdAt,
    updatedAt: createdAt,
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    totalPrice: "199.00",
    currency: "USD",
    shippingMethod: null,
    lineItems: [{ id: "866550311766439020", sku: "IPOD2008PINK", title: "IPod Nano - 8GB", quantity: 1, price: "199.00" }],
    tags: [],
    test: false,
    ...over,
  };
}

export function fulfillment(over: Partial<FulfillmentUpserted> = {}): FulfillmentUpserted {
  const createdAt = over.createdAt ?? "2026-11-03T09:00:00.000Z";
  return {
    kind: "fulfillment.upserted",
    orderId: ORDER_ID,
    fulfillmentId: FULFILLMENT_ID,
    name: "#1001.1",
    status: "success",
    tag: null,
    subtag: null,
    carrier: "UPS",
    trackingNumbers: [TRACKING],
    trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`,
    createdAt,
    updatedAt: createdAt,
    ...over,
  };
}

export function checkpoint(at: string, tag: ShipmentTag, subtag: string | null = null, message: string | null = null): Checkpoint {
  return { at, tag, subtag, message: message ?? tag, location: null };
}

export function fulfillmentEvent(cp: Checkpoint, over: Partial<FulfillmentEventCreated> = {}): FulfillmentEventCreated {
  return {
    kind: "fulfillment.event",
    orderId: ORDER_ID,
    fulfillmentId: FULFILLMENT_ID,
    eventId: `fe-${cp.at}`,
    checkpoint: cp,
    estimatedDeliveryAt: null,
    ...over,
  };
}

/** A carrier update whose summary tag is its newest checkpoint's, as providers send it. */
export function tracking(checkpoints: Checkpoint[], over: Partial<TrackingUpdated> = {}): TrackingUpdated {
  const newest = [...checkpoints].sort((a, b) => (a.at < b.at ? -1 : 1)).pop();
  return {
    kind: "tracking.updated",
    provider: "aftership",
    carrier: "ups",
    trackingNumber: TRACKING,
    tag: newest?.tag ?? "Pending",
    subtag: newest?.subtag ?? null,
    subtagMessage: newest?.message ?? null,
    estimatedDeliveryAt: null,
    checkpoints,
    updatedAt: newest?.at ?? "2026-11-03T09:00:00.000Z",
    orderRef: ORDER_ID,
    ...over,
  };
}

export function timerFired(timer: string, dueAt: string): NormalizedPayload {
  return { kind: "timer.fired", orderId: ORDER_ID, timer, dueAt };
}

/** The project's seeded PRNG (mulberry32): seeded loops instead of a property-testing library. */
export const prng = seededRandom;

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** `iso` moved by `ms` milliseconds. */
export function shift(iso: string, ms: number): string {
  return new Date(new Date(iso).getTime() + ms).toISOString();
}
