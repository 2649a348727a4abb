import { NewEvent, type RawBody } from "../../src/core/event.js";
import { Journey } from "../../src/core/journey.js";
import { Decision, Hold, Timer } from "../../src/core/decision.js";
import { NewOutboxAction } from "../../src/core/outbox.js";
import type { NormalizedPayload } from "../../src/core/normalized.js";
import type { Delivery, ProjectionWrite } from "../../src/store/port.js";
import type { FlowRun } from "../../src/flows/engine/run.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";

/** Small builders for store tests; every object is validated by its core zod schema. */

export const SHOP = "demo.myshopify.com";
/** Larger than 2^53: a JSON number would round it. */
export const BIG_ORDER_ID = "5524854669458439831";
export const BIG_CUSTOMER_ID = "9007199254740993";

let counter = 0;
const next = (): number => ++counter;

export function orderPayload(orderId: string, over: Partial<Extract<NormalizedPayload, { kind: "order.upserted" }>> = {}): NormalizedPayload {
  return {
    kind: "order.upserted",
    orderId,
    name: "#1001",
    email: "ada@example.com",
    customerId: null,
    customerOrdersCount: null,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    totalPrice: "404.95",
    currency: "USD",
    shippingMethod: "standard",
    lineItems: [{ id: "866550311766439020", sku: "TEE-1", title: "Tee", quantity: 1, price: "404.95" }],
    tags: [],
    test: false,
    ...over,
  };
}

export function trackingPayload(trackingNumber: string): NormalizedPayload {
  return {
    kind: "tracking.updated",
    provider: "easypost",
    carrier: "USPS",
    trackingNumber,
    tag: "InTransit",
    subtag: null,
    subtagMessage: null,
    estimatedDeliveryAt: null,
    checkpoints: [],
    updatedAt: "2026-03-02T10:00:00.000Z",
    orderRef: null,
  };
}

/** A customer's message on a helpdesk ticket, as the Gorgias and Zendesk normalizers write it. */
export function ticketMessagePayload(helpdesk: string, ticketId: string, messageId: string): NormalizedPayload {
  const at = "2026-03-02T09:00:00.000Z";
  return {
    kind: "ticket.message_added",
    ticket: { helpdesk, ticketId, status: "open", vendorStatus: "open", channel: "email", subject: "Where is my order?", customerEmail: "ada@example.com", customerName: "Ada", tags: [], shopifyOrderRefs: [], createdAt: at, updatedAt: at },
    message: { id: messageId, body: "Where is #1001?", fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: "ada@example.com", createdAt: at },
  };
}

export interface DeliveryOptions {
  shop?: string;
  source?: NewEvent["source"];
  deliveryId?: string;
  orderKey?: string | null;
  trackingKey?: string | null;
  payload?: NormalizedPayload;
  body?: Buffer;
  occurredAt?: string;
}

export function delivery(opts: DeliveryOptions = {}): Delivery {
  const n = next();
  const shop = opts.shop ?? SHOP;
  const source = opts.source ?? "shopify";
  const orderKey = opts.orderKey === undefined ? `order-${n}` : opts.orderKey;
  const event = NewEvent.parse({
    shop,
    source,
    topic: "orders/updated",
    occurredAt: opts.occurredAt ?? "2026-03-01T10:00:00.000Z",
    deliveryId: opts.deliveryId ?? `delivery-${n}`,
    orderKey,
    trackingKey: opts.trackingKey ?? null,
    payload: opts.payload ?? orderPayload(orderKey ?? `order-${n}`),
  });
  const receivedAt = `2026-03-01T10:00:${String(n % 60).padStart(2, "0")}.000Z`;
  const raw: RawBody = {
    id: `raw-${n}`,
    shop,
    source,
    topic: event.topic,
    receivedAt,
    headers: { "x-shopify-topic": event.topic, "content-type": "application/json" },
    body: opts.body ?? Buffer.from(JSON.stringify({ id: n }), "utf8"),
  };
  return { raw, event, eventId: `evt-${n}`, receivedAt };
}

export function journey(orderId: string, over: Partial<Journey> = {}): Journey {
  return Journey.parse({
    shop: SHOP,
    orderId,
    orderGid: `gid://shopify/Order/${orderId}`,
    name: "#1001",
    email: "ada@example.com",
    customerId: null,
    customerOrdersCount: null,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    totalPrice: "404.95",
    currency: "USD",
    shippingMethod: "standard",
    lineItems: [],
    promisedBy: "2026-03-06T10:00:00.000Z",
    shipments: [],
    refunds: [],
    returns: [],
    disputes: [],
    signals: [],
    asOf: "2026-03-01T10:00:00.000Z",
    eventCount: 1,
    ...over,
  });
}

export function decision(id: string, orderId: string, over: Partial<Decision> = {}): Decision {
  return Decision.parse({
    id,
    shop: SHOP,
    orderId,
    rule: "delay-notice",
    ruleVersion: 1,
    triggerEventId: "evt-1",
    signal: "transit_stalled",
    shipmentKey: "1Z999",
    outcome: "fired",
    reason: "no carrier scan for 5 business days",
    comparisons: [
      { subject: "shipment.days_since_scan", actual: 5, op: ">", expected: 4, result: true, text: "days since scan is 5, expected > 4" },
    ],
    actions: [`${id}:notice`],
    decidedAt: "2026-03-05T10:00:00.000Z",
    ...over,
  });
}

export function action(id: string, over: Partial<NewOutboxAction> = {}): NewOutboxAction & { id: string } {
  return {
    id,
    ...NewOutboxAction.parse({
      shop: SHOP,
      idempotencyKey: `key-${id}`,
      channel: "klaviyo.event",
      orderId: BIG_ORDER_ID,
      decisionId: null,
      payload: { metric: "Shipment Delayed", orderId: BIG_ORDER_ID },
      status: "pending",
      createdAt: "2026-03-05T10:00:00.000Z",
      ...over,
    }),
  };
}

export function hold(over: Partial<Hold> = {}): Hold {
  return Hold.parse({
    shop: SHOP,
    customerKey: BIG_CUSTOMER_ID,
    orderId: BIG_ORDER_ID,
    shipmentKey: "1Z999",
    reason: "transit_stalled",
    placedAt: "2026-03-05T10:00:00.000Z",
    releasedAt: null,
    releaseReason: null,
    ...over,
  });
}

export function timer(name: string, dueAt: string, orderId = BIG_ORDER_ID): Timer {
  return Timer.parse({ shop: SHOP, orderId, name, dueAt });
}

export function write(over: Partial<ProjectionWrite> = {}): ProjectionWrite {
  return { ...emptyProjectionWrite(), ...over };
}

/** A flow run waiting on its second step (not validated: the engine builds runs, the store keeps them as they are). */
export function run(over: Partial<FlowRun> = {}): FlowRun {
  return {
    id: "run-1",
    shop: SHOP,
    flowId: "delay-notice",
    flowVersion: 1,
    flow: { id: "delay-notice", version: 1, steps: [] },
    orderId: "820982911946154508",
    trigger: { type: "signal.raised", key: "signal.raised:transit_stalled:1Z:2026-11-10", eventId: "e1", occurredAt: "2026-11-10T00:00:00.000Z", shipmentKey: "1Z", facts: {} },
    status: "waiting",
    pc: 1,
    conditions: [{ expr: "true", match: true, reason: "true is true" }],
    steps: [],
    wait: { stepId: "pause", kind: "duration", dueAt: "2026-11-11T00:00:00.000Z", event: null, match: null },
    approval: null,
    decisions: [],
    pendingEdit: null,
    reason: null,
    limitKey: null,
    startedAt: "2026-11-10T00:00:00.000Z",
    updatedAt: "2026-11-10T00:00:00.000Z",
    finishedAt: null,
    ...over,
  };
}
