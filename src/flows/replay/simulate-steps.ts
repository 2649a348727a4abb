import type { StoredEvent } from "../../core/event.js";
import type { Timer } from "../../core/decision.js";
import { projectEvents, type ProjectorDeps } from "../../ingest/projector.js";
import type { Delivery } from "../../store/port.js";
import { timerDelivery } from "../timer-runner.js";
import { deliveryOf, isClock, type SimulateInput } from "./simulate.js";

/** A live projection step, as the history's events record it (`ProjectionBatch`). */
interface Step {
  batch: number;
  through: number;
  ids: Set<string>;
}

const timerKey = (shop: string, orderId: string, name: string, dueAt: string) => `${shop}\0${orderId}\0${name}\0${dueAt}`;

const EVERY = Number.MAX_SAFE_INTEGER;

/**
 * Feeds the history into the replay store in the steps the live worker took (each event records
 * its step: `StoredEvent.projectedIn`). Before each step, the store holds every event the step's
 * folds read — a worker behind the log folds arrivals together and reads ones stored after its
 * own — and the step folds exactly its events. A timer reality fired is fired where reality's log
 * has the firing, if the replay armed the same timer (same order, name and due time); every other
 * timer of the replay fires at its due time, on its own. A worker that kept up took one step per
 * arrival, which is what `simulate` does for a history without steps: the two agree there.
 * Returns how many timers fired.
 */
export async function simulateSteps(input: SimulateInput): Promise<number> {
  const { store, horizon } = input;
  const deps: ProjectorDeps = { ...input.deps, store };
  const events = [...input.events, ...(input.firings ?? [])].sort((a, b) => a.seq - b.seq);
  const steps = stepsOf(events);
  // Timers whose firing reality logged and folded: they wait for that place in the log.
  const firedByReality = new Set<string>();
  for (const e of events) {
    if (isClock(e) && e.projectedIn !== undefined && e.payload.kind === "timer.fired") firedByReality.add(timerKey(e.shop, e.payload.orderId, e.payload.timer, e.payload.dueAt));
  }
  const total = events.filter((e) => !isClock(e)).length;

  let fired = 0;
  /** Fold the store's copies of these events (by id) in one step. */
  const fold = async (ids: ReadonlySet<string>) => {
    const mine = (await store.unprojected(EVERY)).filter((e) => ids.has(e.id));
    if (mine.length > 0) await projectEvents(deps, mine);
  };
  /** The replay's own timers due by `now` that reality did not fire: each instant's together, in a step of their own. */
  const fireUntil = async (now: string) => {
    for (;;) {
      const due = (await store.dueTimers(now, EVERY)).filter((t) => !firedByReality.has(timerKey(t.shop, t.orderId, t.name, t.dueAt)));
      if (due.length === 0) return;
      const at = due[0]!.dueAt;
      const batch = due.filter((t) => t.dueAt === at);
      const ids = new Set<string>();
      for (const t of batch) ids.add(await fireTimer(t, `replay:${t.shop}:${t.orderId}:${t.name}:${t.dueAt}`, at));
      fired += batch.length;
      await fold(ids);
    }
  };
  const fireTimer = async (t: Timer, eventId: string, at: string): Promise<string> => {
    await store.append([timerDelivery(t, eventId, at)]);
    await store.deleteTimer(t);
    return eventId;
  };
  /** Reality's firing of a timer, folded in one of its steps: the replay fires its own in its place, when it armed the same one. */
  const fireAsReality = async (e: StoredEvent): Promise<void> => {
    // A firing reality had not folded yet belongs to no step: the replay's timer fires at its due time.
    if (e.payload.kind !== "timer.fired" || e.projectedIn === undefined) return;
    const { orderId, timer: name, dueAt } = e.payload;
    // Past its place in the log, a timer of the same name the replay arms later fires at its due time.
    firedByReality.delete(timerKey(e.shop, orderId, name, dueAt));
    const armed = (await store.dueTimers(dueAt, EVERY)).find((t) => t.shop === e.shop && t.orderId === orderId && t.name === name && t.dueAt === dueAt);
    if (armed === undefined) return;
    await fireTimer(armed, e.id, e.receivedAt);
    fired++;
  };

  let next = 0;
  let stored = 0;
  let clock = "";
  for (const step of steps) {
    // Everything the step's folds read was stored before it began.
    const arriving: StoredEvent[] = [];
    while (next < events.length && events[next]!.seq <= step.through) arriving.push(events[next++]!);
    for (const e of arriving) if (e.receivedAt > clock) clock = e.receivedAt;
    await fireUntil(clock < horizon ? clock : horizon);
    const deliveries: Delivery[] = [];
    for (const e of arriving) {
      if (!isClock(e)) {
        deliveries.push(deliveryOf(e));
        continue;
      }
      // A firing between two arrivals is stored between them, as it was.
      if (deliveries.length > 0) await store.append(deliveries.splice(0));
      await fireAsReality(e);
    }
    if (deliveries.length > 0) await store.append(deliveries);
    await fold(step.ids);
    stored += arriving.filter((e) => !isClock(e)).length;
    input.onProgress?.(stored, total);
  }
  await fireUntil(horizon);
  return fired;
}

/**
 * The live steps the events name, in the order the worker took them (a step's name is its
 * greatest seq). An event that names none — stored before steps were kept, or not folded yet when
 * the replay read it — is a step of its own arrival, as `simulate` folds a history without steps.
 */
function stepsOf(events: readonly StoredEvent[]): Step[] {
  const byBatch = new Map<number, Step>();
  let arrival: Step | null = null;
  let arrivedAt = "";
  for (const e of events) {
    const p = e.projectedIn;
    if (p === undefined) {
      if (isClock(e)) continue;
      if (arrival === null || e.receivedAt !== arrivedAt) {
        arrival = { batch: e.seq, through: e.seq, ids: new Set() };
        arrivedAt = e.receivedAt;
        byBatch.set(-e.seq, arrival);
      }
      arrival.batch = arrival.through = e.seq;
      arrival.ids.add(e.id);
      continue;
    }
    arrival = null;
    let step = byBatch.get(p.batch);
    if (step === undefined) byBatch.set(p.batch, (step = { batch: p.batch, through: Math.max(p.batch, p.through), ids: new Set() }));
    step.through = Math.max(step.through, p.through);
    step.ids.add(e.id);
  }
  return [...byBatch.values()].sort((a, b) => a.batch - b.batch);
}
