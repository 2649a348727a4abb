import { customerKeyOf } from "../core/customer-key.js";
import type { ProjectionBatch } from "../core/event.js";
import { deliveryOf } from "../flows/replay/simulate.js";
import type { MemoryStore } from "../store/memory/memory-store.js";
import type { Store } from "../store/port.js";
import { emptyProjectionWrite } from "../store/projection-write.js";

/**
 * Copies a history into another store through the port: the events (marked projected) and
 * everything folding them wrote. Building it in SQLite directly means one SQLite transaction per
 * arrival — minutes for 20,000 events — and measures the live worker, not the replay.
 */
export async function copyHistory(from: MemoryStore, to: Store): Promise<void> {
  // Every event of the log, the clock's timers included: a window that starts mid-history touches the orders their timers did.
  const log = await from.listEvents({});
  for (let i = 0; i < log.length; i += 500) await to.append(log.slice(i, i + 500).map(deliveryOf));
  const journeys = await from.listJourneys();
  const write = emptyProjectionWrite();
  write.journeys = journeys;
  const customers = new Map<string, { shop: string; key: string }>();
  for (const j of journeys) {
    for (const s of j.shipments) if (s.trackingNumber) write.trackingLinks.push({ shop: j.shop, trackingNumber: s.trackingNumber, orderId: j.orderId });
    write.decisions.push(...(await from.decisionsForOrder(j.shop, j.orderId)));
    const c = customerKeyOf(j);
    if (c) customers.set(`${j.shop}\0${c}`, { shop: j.shop, key: c });
  }
  for (const c of customers.values()) write.holdsPlaced.push(...(await from.holdsForCustomer(c.shop, c.key)));
  write.outbox = (await from.listOutbox({})).map((a) => ({ id: a.id, shop: a.shop, idempotencyKey: a.idempotencyKey, channel: a.channel, orderId: a.orderId, decisionId: a.decisionId, payload: a.payload, status: a.status === "awaiting_review" ? "awaiting_review" : "pending", createdAt: a.createdAt }));
  write.runs = await from.listRuns({ limit: Number.MAX_SAFE_INTEGER });
  write.timersSet = await from.dueTimers("9999-12-31T23:59:59.999Z", Number.MAX_SAFE_INTEGER);
  write.projectedEventIds = log.map((e) => e.id);
  // The steps that folded them, so a replay of the copy folds in the same steps.
  const steps = new Map<number, { eventIds: string[]; projectedIn: ProjectionBatch }>();
  for (const e of log) {
    if (e.projectedIn === undefined) continue;
    const step = steps.get(e.projectedIn.batch) ?? { eventIds: [], projectedIn: e.projectedIn };
    step.eventIds.push(e.id);
    steps.set(e.projectedIn.batch, step);
  }
  write.batches = [...steps.values()];
  await to.applyProjection(write);
}

