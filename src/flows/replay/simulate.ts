import type { StoredEvent } from "../../core/event.js";
import type { Delivery, Store } from "../../store/port.js";
import { projectBatch, type ProjectorDeps } from "../../ingest/projector.js";
import { timerDelivery } from "../timer-runner.js";
import { simulateSteps } from "./simulate-steps.js";

export interface SimulateInput {
  /** A fresh store for a replay (any backend: the benchmark builds its "live" history with it too). */
  store: Store;
  /** In the source's arrival order; never the clock's own (the replay fires its own timers). */
  events: readonly StoredEvent[];
  /** Reality's timer firings among the same orders: where the live worker fired them (used when the events name their steps). */
  firings?: readonly StoredEvent[];
  /** Timers due after this instant are not fired. */
  horizon: string;
  deps: Omit<ProjectorDeps, "store">;
  onProgress?(done: number, total: number): void;
}

/** Events per projection step: the live worker's batch size. */
const BATCH = 200;

const NO_BYTES = Buffer.alloc(0);

/** A stored event as a delivery to append again (the benchmark copies a history with it too). */
export function deliveryOf(e: StoredEvent): Delivery {
  // The raw bytes are not needed to decide anything; the replay store keeps a pointer, not a copy.
  return {
    eventId: e.id,
    receivedAt: e.receivedAt,
    event: { shop: e.shop, source: e.source, topic: e.topic, occurredAt: e.occurredAt, deliveryId: e.deliveryId, orderKey: e.orderKey, trackingKey: e.trackingKey, payload: e.payload },
    raw: { id: e.rawBodyId ?? e.id, shop: e.shop, source: e.source, topic: e.topic, receivedAt: e.receivedAt, headers: {}, body: NO_BYTES },
  };
}

export const isClock = (e: StoredEvent) => e.source === "clock";

/**
 * Feeds the history into the replay store the way the live worker meets it when it keeps up:
 * deliveries that arrived at the same instant are folded together, each arrival after the
 * timers that came due before it, and every timer fires at its own due time (the clock is
 * simulated: a timer's event arrives exactly at its `dueAt`). Rules and flows decide; nothing
 * is dispatched. Returns how many timers fired.
 */
export async function simulate(input: SimulateInput): Promise<number> {
  // A history whose events say which live step folded them is folded in those steps (simulate-steps.ts).
  if (input.events.some((e) => e.projectedIn !== undefined)) return simulateSteps(input);
  const { store, events, horizon } = input;
  const deps: ProjectorDeps = { ...input.deps, store };
  const projectAll = async () => {
    while ((await projectBatch(deps, BATCH)) > 0);
  };

  let fired = 0;
  const fireUntil = async (now: string) => {
    for (;;) {
      const due = await store.dueTimers(now, BATCH);
      if (due.length === 0) return;
      // Timers due at the same instant fire together; later ones wait for the fold of these.
      const at = due[0]!.dueAt;
      const batch = due.filter((t) => t.dueAt === at);
      await store.append(batch.map((t) => timerDelivery(t, `replay:${t.shop}:${t.orderId}:${t.name}:${t.dueAt}`, at)));
      for (const t of batch) await store.deleteTimer(t);
      fired += batch.length;
      await projectAll();
    }
  };

  let clock = "";
  for (let i = 0; i < events.length; ) {
    const arrival = events[i]!.receivedAt;
    let j = i + 1;
    while (j < events.length && events[j]!.receivedAt === arrival) j++;
    if (arrival > clock) clock = arrival;
    await fireUntil(clock < horizon ? clock : horizon);
    await store.append(events.slice(i, j).map(deliveryOf));
    await projectAll();
    i = j;
    input.onProgress?.(i, events.length);
  }
  await fireUntil(horizon);
  return fired;
}
