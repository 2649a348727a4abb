import type { Store } from "../store/port.js";
import type { OutboxStatus } from "../core/outbox.js";
import type { RunStatus } from "../flows/engine/run.js";

export interface Summary {
  at: string;
  /** Every order the store holds. */
  orders: number;
  /** How many of the latest orders the shipment figures below are of (at most `LATEST_ORDERS`). */
  latestOrders: number;
  shipments: number;
  shipmentsByTag: Record<string, number>;
  delayed: number;
  exceptions: number;
  outboxByStatus: Partial<Record<OutboxStatus, number>>;
  runsByStatus: Partial<Record<RunStatus, number>>;
  recent: Array<{ order_id: string; name: string | null; shop: string; tags: string[]; signals: string[] }>;
}

/** The shipment figures look at the latest orders only: reading every journey on each poll would grow with the store. */
export const LATEST_ORDERS = 5000;

const DELAY = new Set(["edd_missed", "edd_revised", "transit_stalled", "carrier_delay", "pickup_stalled", "fulfillment_stalled"]);

/**
 * The numbers on the live page, which asks every two seconds: the orders, outbox actions and runs
 * counted by the store (reading the rows to count them took about a second at 20,000 runs, on the
 * thread webhooks wait for), the shipment figures of the latest orders from their digests (their
 * whole journeys were most of the rest).
 */
export async function summarize(store: Store, now: Date): Promise<Summary> {
  const journeys = await store.journeyDigests(LATEST_ORDERS);
  const byTag: Record<string, number> = {};
  let shipments = 0;
  let delayed = 0;
  let exceptions = 0;
  for (const j of journeys) {
    for (const tag of j.shipmentTags) {
      shipments++;
      byTag[tag] = (byTag[tag] ?? 0) + 1;
    }
    if (j.signals.some((s) => DELAY.has(s))) delayed++;
    if (j.signals.includes("delivery_exception")) exceptions++;
  }
  const { orders, outboxByStatus, runsByStatus } = await store.counts();
  return {
    runsByStatus,
    at: now.toISOString(),
    orders,
    latestOrders: journeys.length,
    shipments,
    shipmentsByTag: byTag,
    delayed,
    exceptions,
    outboxByStatus,
    recent: journeys.slice(0, 25).map((j) => ({ order_id: j.orderId, name: j.name, shop: j.shop, tags: j.shipmentTags, signals: j.signals })),
  };
}
