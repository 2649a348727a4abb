import type { StoredEvent } from "../../core/event.js";
import type { Delivery, ProjectionWrite, Store } from "../../store/port.js";
import { projectEvents, type HoldInStep, type ProjectorDeps } from "../../ingest/projector.js";
import type { Timer } from "../../core/decision.js";
import { timerDelivery } from "../timer-runner.js";
import { emptyProjectionWrite } from "../../store/projection-write.js";
import type { RunnerTick } from "./runner-ticks.js";

export interface SimulateInput {
  /** A fresh store for a replay (any backend: the benchmark builds its "live" history with it too). */
  store: Store;
  /** In the source's arrival order; never the clock's own (the replay fires its own timers). */
  events: readonly StoredEvent[];
  /** Reality's timer firings among the same orders: where the live worker fired them (used when the events name their steps). */
  firings?: readonly StoredEvent[];
  /**
   * Where reality's timer runner is seen to have run (runner-ticks.ts), in log order: with the
   * arrivals stored before each step, the clock the replay's own timers fire by among the live steps.
   */
  ticks?: readonly RunnerTick[];
  /**
   * What the store is given from before the history (a replay's seeds), each before the first
   * step named after `step` (a live step's name; an arrival's seq): where reality made it. In
   * `step` order.
   */
  seeds?: readonly Seed[];
  /** Timers due after this instant are not fired. */
  horizon: string;
  deps: Omit<ProjectorDeps, "store">;
  onProgress?(done: number, total: number): void;
}

/**
 * A write the store is given before the first step named after `step`; and holds that step placed
 * itself (`within`), handed to the orders it folds after the order that placed each, as reality's
 * projector did. A step the replay does not take gets them before its write.
 */
export interface Seed {
  step: number;
  write: ProjectionWrite;
  within?: readonly HoldInStep[];
}

/** Events per projection step: the live worker's batch size (an arrival of more is folded in steps of this many). */
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

/** A live projection step, as the history's events record it (`ProjectionBatch`), or an arrival's (`live: false`). */
interface Step {
  batch: number;
  through: number;
  ids: Set<string>;
  live: boolean;
}

const timerKey = (shop: string, orderId: string, name: string, dueAt: string) => `${shop}\0${orderId}\0${name}\0${dueAt}`;

const EVERY = Number.MAX_SAFE_INTEGER;

/**
 * Feeds the history into the replay store in the steps the live worker took (each event records
 * its step: `StoredEvent.projectedIn`). Before each step, the store holds every event the step's
 * folds read — a worker behind the log folds arrivals together and reads ones stored after its
 * own — and the step folds exactly its events. An event that names no step (stored before steps
 * were kept, or not folded yet; every event of a history built here for the first time) is folded
 * with the deliveries that arrived at the same instant: the steps of a worker that keeps up.
 * A timer reality fired is fired where reality's log has the firing, if the replay armed the same
 * timer (same order, name and due time). Every other timer fires at its own due time (its event
 * arrives exactly at its `dueAt`), each instant's together, up to `horizon`: among the live steps,
 * once reality's runner is known to have reached that time (below); among arrivals of their own,
 * before the first arrival after it. Rules and flows decide; nothing is dispatched. Returns how
 * many timers fired.
 */
export async function simulate(input: SimulateInput): Promise<number> {
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
  /** Fold the store's copies of these events (by id) in one step, with the holds reality's step placed itself. */
  const fold = async (ids: ReadonlySet<string>, holdsInStep: readonly HoldInStep[] = []) => {
    const mine = (await store.unprojected(EVERY)).filter((e) => ids.has(e.id));
    if (mine.length > 0) await projectEvents(deps, mine, holdsInStep.length > 0 ? inReplaySeqs(holdsInStep, mine) : holdsInStep);
    else if (holdsInStep.length > 0) await placeHolds(holdsInStep);
  };
  let sourceSeqs: Map<string, number> | null = null;
  /**
   * A hold's place in its step, from the source's seqs into the replay store's (which numbers its
   * appends afresh, in the same order): after the last of the step's events that came before it.
   */
  const inReplaySeqs = (holds: readonly HoldInStep[], step: readonly StoredEvent[]): HoldInStep[] => {
    sourceSeqs ??= new Map(events.map((e) => [e.id, e.seq]));
    return holds.map(({ at, hold }) => ({ hold, at: step.reduce((last, e) => ((sourceSeqs!.get(e.id) ?? Infinity) < at ? Math.max(last, e.seq) : last), 0) }));
  };
  const placeHolds = (holds: readonly HoldInStep[]) => store.applyProjection({ ...emptyProjectionWrite(), holdsPlaced: holds.map((h) => h.hold) });
  /** A seed of a step before the one about to be taken: the holds it placed itself (if its step was not taken), then its write. */
  const applySeed = async (s: Seed, taken: boolean) => {
    if (!taken && s.within && s.within.length > 0) await placeHolds(s.within);
    await store.applyProjection(s.write);
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
    // A firing that names no step (stored before steps were kept): the replay's timer fires at its due time.
    if (e.payload.kind !== "timer.fired" || e.projectedIn === undefined) return;
    const { orderId, timer: name, dueAt } = e.payload;
    // Past its place in the log, a timer of the same name the replay arms later fires at its due time.
    firedByReality.delete(timerKey(e.shop, orderId, name, dueAt));
    const armed = (await store.dueTimers(dueAt, EVERY)).find((t) => t.shop === e.shop && t.orderId === orderId && t.name === name && t.dueAt === dueAt);
    if (armed === undefined) return;
    await fireTimer(armed, e.id, e.receivedAt);
    fired++;
  };

  const ticks = input.ticks ?? [];
  let next = 0;
  let stored = 0;
  let tick = 0;
  /**
   * How far reality's runner is known to have got, and the latest arrival. The runner turns in the
   * projector's loop, after each step, and reads the clock then: it reached at least the instants
   * of its calls the log shows (a call with a firing stored before a step read its last event ran
   * before it), and, before a step, the arrival of every event stored before the previous step
   * began. Not the arrivals a step read while it ran: a worker behind the log folds, in one step, a
   * scan that arrived after a timer came due but before the runner looked again, and the scan moves
   * the timer. A call that fired as many timers as one call may leaves others due: after one, the
   * previous step says nothing. An arrival's own step is a worker that keeps up: its clock is the arrival's.
   */
  let ran = "";
  let clock = "";
  let previous: Step | null = null;
  let full = false;
  let settled = 0;
  let settledAt = "";
  const seeds = input.seeds ?? [];
  let seed = 0;
  /** The step whose own holds the last fold handed on. */
  let takenStep = -1;
  for (const step of steps) {
    for (; seed < seeds.length && seeds[seed]!.step < step.batch; seed++) await applySeed(seeds[seed]!, seeds[seed]!.step === takenStep);
    // Everything the step's folds read was stored before it began.
    const arriving: StoredEvent[] = [];
    while (next < events.length && events[next]!.seq <= step.through) arriving.push(events[next++]!);
    for (const e of arriving) if (e.receivedAt > clock) clock = e.receivedAt;
    for (; tick < ticks.length && ticks[tick]!.seq <= step.through; tick++) {
      const t = ticks[tick]!;
      if (t.full) full = true;
      else if (t.at > ran) ran = t.at;
    }
    if (step.live && previous !== null && !full) {
      for (; settled < events.length && events[settled]!.seq <= previous.batch; settled++) if (events[settled]!.receivedAt > settledAt) settledAt = events[settled]!.receivedAt;
      if (settledAt > ran) ran = settledAt;
    }
    if (step.live) {
      previous = step;
      full = false;
    }
    const now = step.live || ran > clock ? ran : clock;
    await fireUntil(now < horizon ? now : horizon);
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
    const own = seeds[seed]?.step === step.batch ? seeds[seed]!.within : undefined;
    await fold(step.ids, own);
    if (own !== undefined) takenStep = step.batch;
    stored += arriving.filter((e) => !isClock(e)).length;
    input.onProgress?.(stored, total);
  }
  for (; seed < seeds.length; seed++) await applySeed(seeds[seed]!, seeds[seed]!.step === takenStep);
  // After the last live step, only the runner's calls the log shows: the call after it may not have
  // run yet when the history was read. After arrivals of their own, the clock runs to the horizon.
  for (; tick < ticks.length; tick++) if (!ticks[tick]!.full && ticks[tick]!.at > ran) ran = ticks[tick]!.at;
  const end = steps.at(-1)?.live ? ran : horizon;
  await fireUntil(end < horizon ? end : horizon);
  return fired;
}

/**
 * The live steps the events name, in the order the worker took them (a step's name is its
 * greatest seq). Events that name none make steps of their arrival, of at most `BATCH` events.
 */
function stepsOf(events: readonly StoredEvent[]): Step[] {
  const byBatch = new Map<number, Step>();
  let arrival: Step | null = null;
  let arrivedAt = "";
  for (const e of events) {
    const p = e.projectedIn;
    if (p === undefined) {
      if (isClock(e)) continue;
      if (arrival === null || e.receivedAt !== arrivedAt || arrival.ids.size >= BATCH) {
        arrival = { batch: e.seq, through: e.seq, ids: new Set(), live: false };
        arrivedAt = e.receivedAt;
        byBatch.set(-e.seq, arrival);
      }
      arrival.batch = arrival.through = e.seq;
      arrival.ids.add(e.id);
      continue;
    }
    arrival = null;
    let step = byBatch.get(p.batch);
    if (step === undefined) byBatch.set(p.batch, (step = { batch: p.batch, through: Math.max(p.batch, p.through), ids: new Set(), live: true }));
    step.through = Math.max(step.through, p.through);
    step.ids.add(e.id);
  }
  return [...byBatch.values()].sort((a, b) => a.batch - b.batch);
}
