import type { Clock } from "../core/clock.js";
import type { NewEvent } from "../core/event.js";
import type { IdSource } from "../core/ids.js";
import type { Timer } from "../core/decision.js";
import type { AppendResult, Delivery, Store } from "../store/port.js";

/** Timers one call fires at most: a backlog of due timers is worked off over the fold loop's next turns. */
export const TIMERS_PER_CALL = 200;

/**
 * Silence is a signal: a due timer becomes a `timer.fired` event in the log, so what happened at
 * that moment is replayable like any webhook. The delivery id makes a re-fire after a crash a
 * duplicate, and the timer row is deleted only after the event is stored.
 */
export async function fireDueTimers(deps: { store: Store; clock: Clock; ids: IdSource; append(d: Delivery): Promise<AppendResult> }, limit = TIMERS_PER_CALL): Promise<number> {
  const now = deps.clock.now().toISOString();
  const due = await deps.store.dueTimers(now, limit);
  for (const t of due) {
    await deps.append(timerDelivery(t, deps.ids(), now));
    await deps.store.deleteTimer(t);
  }
  return due.length;
}

export function timerDelivery(t: Timer, eventId: string, receivedAt: string): Delivery {
  const event: NewEvent = {
    shop: t.shop,
    source: "clock",
    topic: "timer.fired",
    occurredAt: t.dueAt,
    deliveryId: `timer:${t.orderId}:${t.name}:${t.dueAt}`,
    orderKey: t.orderId,
    trackingKey: null,
    payload: { kind: "timer.fired", orderId: t.orderId, timer: t.name, dueAt: t.dueAt },
  };
  return {
    eventId,
    receivedAt,
    event,
    raw: { id: eventId, shop: t.shop, source: "clock", topic: "timer.fired", receivedAt, headers: {}, body: Buffer.from(JSON.stringify(t)) },
  };
}
