import type { EventKeys } from "./port.js";

/** The distinct orders and tracking numbers some events (or keys asked about) name, each once with its shop. */
export function eventKeysOf(events: Iterable<{ shop: string; orderKey: string | null; trackingKey: string | null }>): EventKeys {
  const orders = new Map<string, { shop: string; orderId: string }>();
  const tracking = new Map<string, { shop: string; trackingNumber: string }>();
  for (const e of events) {
    if (e.orderKey !== null) orders.set(`${e.shop}\0${e.orderKey}`, { shop: e.shop, orderId: e.orderKey });
    if (e.trackingKey !== null) tracking.set(`${e.shop}\0${e.trackingKey}`, { shop: e.shop, trackingNumber: e.trackingKey });
  }
  return { orders: [...orders.values()], tracking: [...tracking.values()] };
}
