import type { Journey } from "./journey.js";

/**
 * What the live page shows of an order (its name, its shipments' tags, its signals' names), kept
 * beside the journey when it is written: the page asks for the latest thousands every two seconds,
 * and parsing whole journeys for a few words each grew with every order.
 */
export interface JourneyDigest {
  shop: string;
  orderId: string;
  name: string | null;
  /** One per shipment, in the journey's shipping order. */
  shipmentTags: string[];
  signals: string[];
}

export function journeyDigestOf(j: Journey): JourneyDigest {
  return { shop: j.shop, orderId: j.orderId, name: j.name, shipmentTags: j.shipments.map((s) => s.tag), signals: j.signals.map((s) => s.name) };
}
