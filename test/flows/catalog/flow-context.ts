import { Journey, Shipment, type Signal } from "../../../src/core/journey.js";
import type { Hold } from "../../../src/core/decision.js";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";
import { defaultPolicy } from "../../../src/flows/policy/default-policy.js";
import { createEngineServices } from "../../../src/flows/engine/create-services.js";
import { buildFlowContext } from "../../../src/flows/engine/context.js";
import { orchestrate, type FlowDefLike, type FlowEngine } from "../../../src/flows/engine/orchestrate.js";
import type { RunTrigger } from "../../../src/flows/engine/run.js";
import { snakeKeys } from "../../../src/flows/engine/snake.js";
// The delivery flows' payloads are what these tests check; the post-purchase messages have their own.
import { deliveryFlows as builtInFlows } from "../../../src/layers/delivery/flows.js";

export const SHOP = "firebreak-test.myshopify.com";
export const ORDER_ID = "820982911946154508"; // above 2^53 on purpose
export const CUSTOMER_ID = "115310627314723954";
export const TRACKING = "1Z999AA10123456784";
export const AT = "2026-11-20T10:00:00.000Z";

/** A shipment as the journey fold produces it, validated by the real schema. */
export function shipment(over: Partial<Shipment> = {}): Shipment {
  return Shipment.parse({
    key: TRACKING,
    fulfillmentId: "4451234567890123456",
    carrier: "UPS",
    trackingNumber: TRACKING,
    trackingUrl: `https://www.ups.com/track?tracknum=${TRACKING}`,
    tag: "InTransit",
    subtag: "InTransit_001",
    subtagMessage: null,
    shippedAt: "2026-11-03T09:00:00.000Z",
    firstScanAt: "2026-11-03T18:00:00.000Z",
    lastScanAt: "2026-11-12T18:00:00.000Z",
    deliveredAt: null,
    carrierEstimate: "2026-11-18T00:00:00.000Z",
    firstCarrierEstimate: "2026-11-09T00:00:00.000Z",
    expectedDelivery: "2026-11-11T00:00:00.000Z",
    expectedDeliverySource: "merchant_promise",
    checkpoints: [],
    updatedAt: "2026-11-12T18:00:00.000Z",
    ...over,
  });
}

export function journey(over: Partial<Journey> = {}): Journey {
  return Journey.parse({
    shop: SHOP,
    orderId: ORDER_ID,
    orderGid: `gid://shopify/Order/${ORDER_ID}`,
    name: "#1001",
    email: "jon@example.com",
    customerId: CUSTOMER_ID,
    customerOrdersCount: 4,
    createdAt: "2026-11-02T14:00:00.000Z",
    updatedAt: "2026-11-02T14:00:00.000Z",
    financialStatus: "paid",
    fulfillmentStatus: "fulfilled",
    cancelledAt: null,
    cancelReason: null,
    totalPrice: "404.95",
    currency: "USD",
    shippingMethod: null,
    lineItems: [],
    promisedBy: "2026-11-11T00:00:00.000Z",
    shipments: [shipment()],
    refunds: [],
    returns: [],
    disputes: [],
    signals: [],
    asOf: AT,
    eventCount: 5,
    ...over,
  });
}

export function signal(name: Signal["name"], over: Partial<Signal> = {}): Signal {
  return { name, shipmentKey: TRACKING, since: AT, detail: `${name} on ${TRACKING}`, facts: {}, ...over };
}

export function hold(over: Partial<Hold> = {}): Hold {
  return { shop: SHOP, customerKey: CUSTOMER_ID, orderId: ORDER_ID, shipmentKey: TRACKING, reason: "edd_missed", placedAt: "2026-11-12T00:00:00.000Z", releasedAt: null, releaseReason: null, ...over };
}

/** The built-in flows, run on one trigger against a journey, as the projector runs them. */
export function runBuiltInFlows(input: { journey: Journey; trigger: RunTrigger; customerOrders?: number; activeHolds?: Hold[] }) {
  const engine: FlowEngine = { flows: builtInFlows as unknown as FlowDefLike[], services: createEngineServices(builtInCatalog(), defaultPolicy), enabledFor: () => true };
  const ctx = buildFlowContext({ shop: SHOP, settings: defaultShopSettings, journey: input.journey, trigger: input.trigger, customerOrders: input.customerOrders ?? 4, activeHolds: input.activeHolds ?? [] });
  return orchestrate({ shop: SHOP, orderId: input.journey.orderId, triggers: [input.trigger], existingRuns: [], engine, contextFor: () => ctx });
}

/** A signal.raised trigger, shaped as the projector derives it. */
export function signalTrigger(s: Signal): RunTrigger {
  return { type: "signal.raised", key: `signal.raised:${s.name}:${s.shipmentKey}:${s.since}`, eventId: "evt-000001", occurredAt: AT, shipmentKey: s.shipmentKey, facts: { signal: snakeKeys(s), event: { type: "signal.raised", occurred_at: AT } } };
}

export function deliveredTrigger(shipmentKey = TRACKING): RunTrigger {
  return { type: "shipment.status_changed", key: `shipment.status_changed:${shipmentKey}:Delivered`, eventId: "evt-000002", occurredAt: AT, shipmentKey, facts: { previous_tag: "OutForDelivery", event: { type: "shipment.status_changed", occurred_at: AT, tag: "Delivered" } } };
}
