import type { StoredEvent } from "../core/event.js";
import type { Journey } from "../core/journey.js";
import type { ShopSettings } from "../core/settings.js";
import type { Hold } from "../core/decision.js";
import type { PlannedTimers } from "./planned-timers.js";
import { plannedTimers } from "../core/timers.js";
import { projectJourneyAndTimers, signalDiff } from "../core/journey-project.js";
import type { OrderKey, ProjectionWrite, Store } from "../store/port.js";
import { emptyProjectionWrite } from "../store/projection-write.js";
import { mergeOutputs, type Rule } from "../flows/rule.js";
import { customerKeyOf } from "../core/customer-key.js";
import { frequencyKey, limitCountKey, orchestrate, type FlowEngine } from "../flows/engine/orchestrate.js";
import { addFlowOutput } from "./flow-output.js";
import { deriveTriggers } from "../flows/engine/triggers.js";
import { listenedFor } from "../flows/engine/listened.js";
import { buildFlowContext } from "../flows/engine/context.js";
import type { FlowRun, RunTrigger } from "../flows/engine/run.js";
import { projectTickets } from "./ticket-projector.js";
import { projectTicketFlows } from "./ticket-flows.js";

export interface ProjectorDeps {
  store: Store;
  settingsFor(shop: string): ShopSettings;
  rules: readonly Rule[];
  /** The flow engine; absent, only the rules run. */
  flows?: FlowEngine;
  /** Rebuild folds without deciding anything new: rules and flows off. */
  decide: boolean;
  /**
   * Whether each flow run's start is also written as a decision (the order timeline's entry; true
   * unless given). A dry run leaves it out: the run says the same, no fold reads decisions, and the
   * replay compares runs, not their starts.
   */
  runStartDecisions?: boolean;
  /**
   * The timers each order's last fold planned, for a store that hands back the journey it was
   * given (a replay group's MemoryStore): the next step's `before` is then that fold's `after`, and
   * its business-day arithmetic is not done twice. Scoped to that store: kept for the life of the
   * process, it held every order's last journey to the end of a replay, which the collector copied
   * and marked again and again. A store that reads journeys afresh (the server's) never hits it.
   */
  plannedTimers?: PlannedTimers;
}


/** The tracking numbers an order's fulfillments name, each once. */
export function trackingNumbersOf(events: readonly StoredEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) if (e.payload.kind === "fulfillment.upserted") for (const t of e.payload.trackingNumbers) out.add(t);
  return [...out];
}

/**
 * Folds the next batch of unprojected events into journeys, runs the rules on the signals that
 * changed, and writes everything — journeys, timers, decisions, outbox, holds, and the
 * "projected" marks — in one transaction. A crash before the commit leaves the events
 * unprojected and the whole step is redone; outbox idempotency keys make that harmless.
 */
export async function projectBatch(deps: ProjectorDeps, limit = 200): Promise<number> {
  const events = await deps.store.unprojected(limit);
  if (events.length > 0) await projectEvents(deps, events);
  return events.length;
}

/**
 * A hold reality's step placed from an order a replay does not fold (a seed): `at` is the seq of
 * that order's first event in the step, which is where the projector folded it.
 */
export interface HoldInStep {
  at: number;
  hold: Hold;
}

/**
 * One projection step over the given unprojected events (the next batch, or the events a replay
 * knows the live worker folded together). A deciding step records itself on its events
 * (`ProjectionBatch`): its greatest seq, and the greatest seq its folds read. Orders are folded in
 * the order of their first event in the step, and each sees the holds the step placed before it;
 * `holdsInStep` (a replay's) are handed on the same way, each to the orders after its `at`.
 */
export async function projectEvents(deps: ProjectorDeps, events: readonly StoredEvent[], holdsInStep: readonly HoldInStep[] = []): Promise<void> {
  const { store } = deps;

  // Links from fulfillments in this batch, so a scan in the same batch finds its order (most steps hold none).
  let batchLinks: Map<string, string> | null = null;
  for (const e of events) {
    if (e.payload.kind === "fulfillment.upserted") for (const t of e.payload.trackingNumbers) (batchLinks ??= new Map()).set(`${e.shop}\0${t}`, e.payload.orderId);
  }

  const groups = new Map<string, { shop: string; orderId: string; first: number; events: StoredEvent[] }>();
  for (const e of events) {
    let orderId = e.orderKey;
    if (!orderId && e.trackingKey) orderId = batchLinks?.get(`${e.shop}\0${e.trackingKey}`) ?? (await store.orderForTracking(e.shop, e.trackingKey));
    // A scan for a tracking number no fulfillment has named yet waits in the log; the fulfillment's fold picks it up.
    if (!orderId) continue;
    const key = `${e.shop}\0${orderId}`;
    const g = groups.get(key) ?? { shop: e.shop, orderId, first: e.seq, events: [] };
    g.events.push(e);
    groups.set(key, g);
  }

  const write = emptyProjectionWrite();
  const read = { through: 0 };
  for (const e of events) read.through = Math.max(read.through, e.seq);
  const batch = read.through;
  const inStep = holdsInStep.length > 0 ? [...holdsInStep].sort((a, b) => a.at - b.at) : holdsInStep;
  let handed = 0;
  for (const g of groups.values()) {
    for (; handed < inStep.length && inStep[handed]!.at < g.first; handed++) write.holdsPlaced.push(inStep[handed]!.hold);
    await projectOrder(deps, g.shop, g.orderId, g.events, write, read);
  }
  for (; handed < inStep.length; handed++) write.holdsPlaced.push(inStep[handed]!.hold);
  await projectTickets(store, events, write);
  await projectTicketFlows(deps, events, write);
  write.projectedEventIds = events.map((e) => e.id);
  if (deps.decide) write.batches = [{ eventIds: write.projectedEventIds, projectedIn: { batch, through: read.through } }];
  await store.applyProjection(write);
}

/**
 * All events that concern one order: its own, plus scans of every tracking number its fulfillments
 * name. The store's answer already holds the scans of numbers linked to the order; only a number
 * not linked yet (its fulfillment is in this batch) or linked elsewhere is read on its own.
 */
export async function loadOrderEvents(store: Store, shop: string, orderId: string): Promise<StoredEvent[]> {
  const own = await store.eventsForOrder(shop, orderId);
  return withScansLinkedElsewhere(store, shop, orderId, own, (t) => store.orderForTracking(shop, t));
}

/**
 * `loadOrderEvents` for many orders in a few reads (a replay reads the history of every order its
 * window touches): the orders' own events and linked scans together, the links of the numbers
 * their fulfillments name together; a number linked elsewhere or not yet is read on its own, as
 * there. Each order's events in seq order.
 */
export async function loadOrdersEvents(store: Store, orders: readonly OrderKey[]): Promise<Array<OrderKey & { events: StoredEvent[] }>> {
  const all = await store.eventsForOrders(orders);
  const named = all.flatMap(({ shop, events }) => trackingNumbersOf(events).map((trackingNumber) => ({ shop, trackingNumber })));
  const linkedTo = new Map((await store.ordersForTracking(named)).map((l) => [`${l.shop}\0${l.trackingNumber}`, l.orderId]));
  for (const o of all) o.events = await withScansLinkedElsewhere(store, o.shop, o.orderId, o.events, async (t) => linkedTo.get(`${o.shop}\0${t}`) ?? null);
  return all;
}

/**
 * The order's events as the store gave them (its own and the scans of numbers linked to it), plus
 * the scans of each number its fulfillments name that is linked to another order or to none yet,
 * in seq order. The shared rule of the two loads above; `linkedTo` is how each finds a link.
 */
async function withScansLinkedElsewhere(store: Store, shop: string, orderId: string, own: StoredEvent[], linkedTo: (trackingNumber: string) => Promise<string | null>): Promise<StoredEvent[]> {
  let byId: Map<string, StoredEvent> | null = null;
  for (const t of trackingNumbersOf(own)) {
    if ((await linkedTo(t)) === orderId) continue;
    byId ??= new Map(own.map((e) => [e.id, e]));
    for (const e of await store.listEvents({ shop, trackingNumber: t })) byId.set(e.id, e);
  }
  return byId === null ? own : [...byId.values()].sort((a, b) => a.seq - b.seq);
}

async function projectOrder(deps: ProjectorDeps, shop: string, orderId: string, triggers0: StoredEvent[], write: ProjectionWrite, read: { through: number }): Promise<void> {
  const { store } = deps;
  const settings = deps.settingsFor(shop);
  // Several events of this batch may concern the same order and an earlier group may have written it already.
  const before = write.journeys.find((j) => j.shop === shop && j.orderId === orderId) ?? (await store.getJourney(shop, orderId));
  const events = await loadOrderEvents(store, shop, orderId);
  // A worker behind the log folds events stored after the step's own: a replay must have them too.
  for (const e of events) if (e.seq > read.through) read.through = e.seq;
  // What `before` planned is looked up before this fold's plan takes the order's place.
  const planned = deps.plannedTimers;
  const plannedBefore = !before ? [] : planned ? planned.timersOf(shop, orderId, before, settings) : plannedTimers(before, settings);
  const { journey: after, timers } = projectJourneyAndTimers(shop, orderId, events, settings);
  planned?.remember(shop, orderId, after, settings, timers);

  upsertJourney(write, after);
  for (const t of trackingNumbersOf(events)) write.trackingLinks.push({ shop, trackingNumber: t, orderId });

  write.timersSet.push(...timers);
  for (const t of plannedBefore) if (!timers.some((p) => p.name === t.name)) write.timersCleared.push({ shop, orderId, name: t.name });

  if (!deps.decide) return;
  const { raised, cleared } = signalDiff(before?.signals ?? [], after.signals);
  const customerKey = customerKeyOf(after);
  const activeHolds = customerKey ? (await store.holdsForCustomer(shop, customerKey)).filter((h) => h.releasedAt === null) : [];
  for (const h of write.holdsPlaced) if (h.shop === shop && h.customerKey === customerKey && !activeHolds.some((a) => a.shipmentKey === h.shipmentKey)) activeHolds.push(h);
  const stored = customerKey ? await store.countOrdersForCustomer(shop, customerKey) : 0;
  const customerOrders = Math.max(stored + (before ? 0 : 1), after.customerOrdersCount ?? 0, 1);
  if (deps.rules.length > 0) {
    const trigger = triggers0.reduce((a, b) => (b.seq > a.seq ? b : a));
    const ctx = { shop, trigger, before, after, raised, cleared, customerOrders, activeHolds, settings };
    const out = mergeOutputs(deps.rules.map((r) => r.evaluate(ctx)));
    write.decisions.push(...out.decisions);
    write.outbox.push(...out.actions);
    write.holdsPlaced.push(...out.holdsPlaced);
    write.holdsReleased.push(...out.holdsReleased);
  }

  const engine = deps.flows;
  if (!engine) return;
  const existingRuns = runsOfOrder(write.runs, shop, orderId, await store.listRuns({ shop, orderId, limit: 10_000 }));
  const triggers = deriveTriggers(triggersOf(triggers0), before, after, raised, cleared, listenedFor(engine.flows, existingRuns));
  // Most scans change nothing a flow listens to: no trigger, no run to start or move on.
  if (triggers.length === 0) return;
  // Limits: count the store's recent runs per flow (and per frequency key) with indexed counts.
  // One context per trigger, shared by every flow that looks at it (contexts are only read).
  const contexts = new Map<RunTrigger, Record<string, unknown>>();
  const contextFor = (trigger: RunTrigger) => {
    let ctx = contexts.get(trigger);
    if (ctx === undefined) contexts.set(trigger, (ctx = buildFlowContext({ shop, settings, journey: after, trigger, customerOrders, activeHolds, now: trigger.occurredAt })));
    return ctx;
  };
  const priorCounts = new Map<string, number>();
  const since = (per: string) => new Date(Date.parse(after.asOf) - (engine.services.duration(per) ?? 0)).toISOString();
  for (const flow of engine.flows) {
    if (!flow.limits || flow.enabled === false || !engine.enabledFor(shop, flow.id)) continue;
    // Only the triggers that would start a run are counted for, as orchestrate decides: a trigger
    // its filter refuses never reads a count (and its key may not even render, e.g. a date it lacks).
    const filter = flow.trigger.filter;
    const matching = triggers.filter((t) => flow.trigger.events.includes(t.type) && (!filter || engine.services.test(filter, contextFor(t))));
    if (matching.length === 0) continue;
    if (flow.limits.rate) priorCounts.set(limitCountKey(flow.id, "rate"), await store.countRuns({ shop, flowId: flow.id, startedAfter: since(flow.limits.rate.per) }));
    if (flow.limits.frequency) {
      for (const t of matching) {
        const key = frequencyKey(flow, contextFor(t), engine);
        const countKey = limitCountKey(flow.id, "frequency", key);
        if (key !== null && !priorCounts.has(countKey)) priorCounts.set(countKey, await store.countRuns({ shop, flowId: flow.id, startedAfter: since(flow.limits.frequency.per), limitKey: key }));
      }
    }
  }
  const flowOut = orchestrate({
    startDecisions: deps.runStartDecisions,
    priorCounts,
    batchRuns: write.runs,
    shop,
    orderId,
    triggers,
    existingRuns,
    engine,
    contextFor,
  });
  addFlowOutput(write, flowOut);
}

/**
 * The order's runs: the step's own first (newer than the store's copies of the same runs), then
 * the store's, each id once. Most steps have none of their own for the order: the store's as they are.
 */
function runsOfOrder(stepRuns: readonly FlowRun[], shop: string, orderId: string, stored: FlowRun[]): FlowRun[] {
  const own = stepRuns.filter((r) => r.shop === shop && r.orderId === orderId);
  if (own.length === 0) return stored;
  const seen = new Set(own.map((r) => r.id));
  for (const r of stored) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    own.push(r);
  }
  return own;
}

/** Flow timers that came due are events of the order too; every event of the batch is a trigger. */
const triggersOf = (events: StoredEvent[]) => (events.length === 1 ? [events[0]!] : [...events].sort((a, b) => a.seq - b.seq));

function upsertJourney(write: ProjectionWrite, j: Journey): void {
  const i = write.journeys.findIndex((x) => x.shop === j.shop && x.orderId === j.orderId);
  if (i >= 0) write.journeys[i] = j;
  else write.journeys.push(j);
}
