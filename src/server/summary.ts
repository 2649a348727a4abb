import type { Store } from "../store/port.js";
import type { OutboxStatus } from "../core/outbox.js";

export interface Summary {
  at: string;
  orders: number;
  shipments: number;
  shipmentsByTag: Record<string, number>;
  delayed: number;
  exceptions: number;
  outboxByStatus: Partial<Record<OutboxStatus, number>>;
  runsByStatus: Record<string, number>;
  recent: Array<{ order_id: string; name: string | null; shop: string; tags: string[]; signals: string[] }>;
}

const DELAY = new Set(["edd_missed", "edd_revised", "transit_stalled", "carrier_delay", "pickup_stalled", "fulfillment_stalled"]);

/** The numbers on the live page. Demo-scale: it reads the latest journeys, not an aggregate table. */
export async function summarize(store: Store, now: Date): Promise<Summary> {
  const journeys = await store.listJourneys(undefined, 5000);
  const byTag: Record<string, number> = {};
  let shipments = 0;
  let delayed = 0;
  let exceptions = 0;
  for (const j of journeys) {
    for (const s of j.shipments) {
      shipments++;
      byTag[s.tag] = (byTag[s.tag] ?? 0) + 1;
    }
    if (j.signals.some((s) => DELAY.has(s.name))) delayed++;
    if (j.signals.some((s) => s.name === "delivery_exception")) exceptions++;
  }
  const outbox = await store.listOutbox({ limit: 100_000 });
  const outboxByStatus: Partial<Record<OutboxStatus, number>> = {};
  for (const a of outbox) outboxByStatus[a.status] = (outboxByStatus[a.status] ?? 0) + 1;
  const runsByStatus: Record<string, number> = {};
  for (const r of await store.listRuns({ limit: 100_000 })) runsByStatus[r.status] = (runsByStatus[r.status] ?? 0) + 1;
  return {
    runsByStatus,
    at: now.toISOString(),
    orders: journeys.length,
    shipments,
    shipmentsByTag: byTag,
    delayed,
    exceptions,
    outboxByStatus,
    recent: journeys.slice(0, 25).map((j) => ({ order_id: j.orderId, name: j.name, shop: j.shop, tags: j.shipments.map((s) => s.tag), signals: j.signals.map((s) => s.name) })),
  };
}
