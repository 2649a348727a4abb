import type { StoredEvent } from "../../core/event.js";
import type { Journey } from "../../core/journey.js";
import type { Hold } from "../../core/decision.js";
import type { EventKeys, OrderKey, Store } from "../../store/port.js";
import { groupByShop } from "../../store/by-shop.js";
import type { FlowRun } from "../engine/run.js";
import { loadOrdersEvents, trackingNumbersOf } from "../../ingest/projector.js";
import type { ReplayWindow } from "./window.js";
import { isClock } from "./simulate.js";
import { ticketOf, type TicketRef } from "../../core/ticket-of.js";
import { ticketKey } from "../../core/ticket.js";

/** What a replay starts from, read from the source store (which is only read). */
export interface History {
  /** Events to replay in the source's arrival order; never the clock's own (the replay fires its timers again). */
  events: StoredEvent[];
  /** The clock's own events of the same orders: where reality fired its timers (simulate.ts). */
  firings: StoredEvent[];
  /** Orders the window touches — by an event of theirs, a scan of their parcel, a timer of theirs that came due, or a ticket about them. */
  touched: Array<{ shop: string; orderId: string }>;
  /**
   * How far the replay's clock may run: the latest instant the source's own clock is known to have
   * reached inside the window (an event's source time or its arrival), never past `to`. Null when
   * the window holds no event.
   */
  horizon: string | null;
  /** Events of the window stored but not folded yet by the live worker when it was read: left out, as reality has decided nothing on them. */
  notYetFolded: number;
  /** Other orders of the touched orders' customers that existed before the window (their count and holds are context). */
  seedJourneys: Journey[];
  /**
   * Holds those other orders placed on the customers before the window and reality had not
   * released when it opened, as reality keeps them: a release whose source time is before the
   * window but that a late webhook brought in after it opened is still to come.
   */
  seedHolds: Hold[];
  /** Runs of other orders that count toward a flow's rate limit or frequency cap when the window opens. */
  seedRuns: FlowRun[];
  /** Where reality made each seed (`SeedSteps`): the replay places it there, not before its first step. */
  seedSteps: SeedSteps;
}

/**
 * The live step at which each seed came to be in reality (the step that first folded an event of
 * a seeded journey's order; the step of a seeded run's trigger; the steps that folded the events a
 * seeded hold was placed and released at), keyed by `${shop}\0${orderId}`, by run id and by
 * `holdKey`. A worker behind the log folds a customer's orders in arrival order, not in
 * source-time order: seeded all at once, another order counted toward `customer.orders_count`,
 * another run toward a frequency cap, or another order's hold kept a promotion back (or no longer
 * did), before reality had folded it. Plain data (it crosses to helper threads).
 */
export interface SeedSteps {
  journeys: Record<string, number>;
  runs: Record<string, number>;
  /** And where in its step: the projector hands a step's own holds to the orders it folds after the one that placed them. */
  holds: Record<string, HoldPlace>;
  holdReleases: Record<string, number>;
}

/** The step that placed a hold, and the seq of its order's first event in that step (where the projector folded that order). */
export interface HoldPlace {
  step: number;
  at: number;
}

/** A hold's key in `SeedSteps.holds`: a customer has at most one hold per shipment. */
export const holdKey = (h: Pick<Hold, "shop" | "customerKey" | "shipmentKey">) => `${h.shop}\0${h.customerKey}\0${h.shipmentKey}`;

/** A flow with operator limits, and how far back its limits look. */
export interface LimitedFlow {
  flowId: string;
  lookbackMs: number;
}

/**
 * The store compares source times as text; the window compares instants. A day either side covers
 * what can tell the two apart (an offset, a missing fraction of a second).
 */
const MARGIN_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const k2 = (a: string, b: string) => `${a}\0${b}`;

/**
 * The window's events plus, for every order they touch, that order's earlier events, so its
 * journey, its runs and its timers start from where they really were. The window's events by
 * source time, the keys of earlier ones, then indexed reads per touched order that has history
 * before the window.
 */
export async function loadHistory(source: Store, window: ReplayWindow, limitedFlows: readonly LimitedFlow[] = []): Promise<History> {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const inWindow: StoredEvent[] = [];
  const before = { orders: new Set<string>(), tracking: new Set<string>() };
  let latest = -Infinity;

  // By source time, not a pass over the whole log: the window's events (with a margin the exact
  // comparison below settles); of the log before it, only whether the orders the window touches
  // appear there (below).
  const marginStart = iso(from - MARGIN_MS);
  const near = await source.listEventsBySourceTime(marginStart, iso(to + MARGIN_MS));
  // Stored but not folded yet by the live worker: reality has decided nothing on them, so they are left out.
  const pending = new Set(await source.unprojectedIds());
  let notYetFolded = 0;
  const earliest = await source.earliestEventAt();
  const logBeforeMargin = earliest !== null && earliest < marginStart;
  let anythingBefore = logBeforeMargin;
  for (const e of near) {
    const t = Date.parse(e.occurredAt);
    if (pending.has(e.id)) {
      if (t >= from && t <= to) notYetFolded++;
      continue;
    }
    if (t < from) {
      anythingBefore = true;
      if (e.orderKey !== null) before.orders.add(k2(e.shop, e.orderKey));
      if (e.trackingKey !== null) before.tracking.add(k2(e.shop, e.trackingKey));
    } else if (t <= to) {
      inWindow.push(e);
      latest = Math.max(latest, t, Date.parse(e.receivedAt));
    }
  }

  // Which order each window event concerns; scans reach theirs through the source's tracking links.
  const touched = new Map<string, { shop: string; orderId: string; events: StoredEvent[] }>();
  const chosen = new Map<string, StoredEvent>();
  const firings = new Map<string, StoredEvent>();
  const links = new Map<string, string>();
  const scans = inWindow.flatMap((e) => (e.orderKey === null && e.trackingKey !== null ? [{ shop: e.shop, trackingNumber: e.trackingKey }] : []));
  for (const l of await source.ordersForTracking(scans)) links.set(k2(l.shop, l.trackingNumber), l.orderId);
  for (const e of inWindow) {
    let orderId = e.orderKey;
    if (orderId === null && e.trackingKey !== null) orderId = links.get(k2(e.shop, e.trackingKey)) ?? null;
    (isClock(e) ? firings : chosen).set(e.id, e);
    if (orderId === null) continue; // a scan no fulfillment names: replayed as it is, it waits in the log as it did
    const key = k2(e.shop, orderId);
    const t = touched.get(key) ?? { shop: e.shop, orderId, events: [] };
    t.events.push(e);
    touched.set(key, t);
  }

  // A conversation that began before the window: the ticket's earlier events are its history, and
  // the orders reality linked it to (or triage named) are touched by it, with their own history.
  const tickets = new Map<string, Map<string, TicketRef>>();
  for (const e of inWindow) {
    const ref = ticketOf(e.payload);
    if (ref !== null) tickets.set(e.shop, (tickets.get(e.shop) ?? new Map<string, TicketRef>()).set(ticketKey(ref), ref));
    if (e.payload.kind === "ticket.triaged" && e.payload.orderId !== null) touch(touched, e.shop, e.payload.orderId);
  }
  for (const [shop, byKey] of tickets) {
    const refs = [...byKey.values()];
    for (const e of await source.listEvents({ shop, tickets: refs })) if (Date.parse(e.occurredAt) <= to && !pending.has(e.id)) chosen.set(e.id, e);
    for (const link of await source.ordersOfTickets(shop, refs)) touch(touched, shop, link.orderId);
  }

  // Earlier events, only for orders that have some: most orders of a recent window begin inside it.
  if (logBeforeMargin) {
    const asked = { orders: [...touched.values()].map(({ shop, orderId }) => ({ shop, orderId })), tracking: [...touched.values()].flatMap((t) => trackingNumbersOf(t.events).map((trackingNumber) => ({ shop: t.shop, trackingNumber }))) };
    await addEarlierKeys(source, marginStart, asked, before);
  }
  const withHistory = [...touched].filter(([key, t]) => before.orders.has(key) || trackingNumbersOf(t.events).some((n) => before.tracking.has(k2(t.shop, n))));
  for (const { events } of await loadOrdersEvents(source, withHistory.map(([, t]) => ({ shop: t.shop, orderId: t.orderId })))) {
    for (const e of events) if (Date.parse(e.occurredAt) <= to && !pending.has(e.id)) (isClock(e) ? firings : chosen).set(e.id, e);
  }

  const seeds = anythingBefore ? await customerSeeds(source, [...touched.values()], before, logBeforeMargin ? marginStart : null, window.from) : { seedJourneys: [], seedHolds: [] };
  const seedRuns = anythingBefore ? await limitSeeds(source, [...touched.values()], limitedFlows, window.from) : [];
  const seedSteps = await stepsOfSeeds(source, seeds, seedRuns);
  // A hold released before the window at a step not known (stored before steps were kept) was released all through it, as the source time says.
  seeds.seedHolds = seeds.seedHolds.filter((h) => h.releasedAt === null || h.releasedAt >= window.from || seedSteps.holdReleases[holdKey(h)] !== undefined);
  return {
    events: [...chosen.values()].sort((a, b) => a.seq - b.seq),
    firings: [...firings.values()].sort((a, b) => a.seq - b.seq),
    touched: [...touched.values()].map(({ shop, orderId }) => ({ shop, orderId })),
    horizon: inWindow.length ? new Date(Math.min(latest, to)).toISOString() : null,
    notYetFolded,
    ...seeds,
    seedRuns,
    seedSteps,
  };
}

async function stepsOfSeeds(source: Store, seeds: Pick<History, "seedJourneys" | "seedHolds">, runs: readonly FlowRun[]): Promise<SeedSteps> {
  const steps: SeedSteps = { journeys: {}, runs: {}, holds: {}, holdReleases: {} };
  const journeys = seeds.seedJourneys;
  if (journeys.length > 0) for (const o of await source.firstStepsOfOrders(journeys.map((j) => ({ shop: j.shop, orderId: j.orderId })))) steps.journeys[k2(o.shop, o.orderId)] = o.step;
  // A hold is placed (and released) at the source time of the event whose fold did it: the first
  // such event of its order (its scans included) that a live step folded. Holds are few; their orders are read whole.
  const eventsOf = new Map((await loadOrdersEvents(source, seeds.seedHolds)).map((o) => [k2(o.shop, o.orderId), o.events]));
  const stepAt = (h: Hold, at: string) => eventsOf.get(k2(h.shop, h.orderId))?.find((e) => e.occurredAt === at && e.projectedIn !== undefined)?.projectedIn?.batch;
  // The step folded its orders in the order of their first event in it (events in seq order).
  const firstIn = (h: Hold, step: number) => eventsOf.get(k2(h.shop, h.orderId))?.find((e) => e.projectedIn?.batch === step)?.seq ?? step;
  for (const h of seeds.seedHolds) {
    const placed = stepAt(h, h.placedAt);
    if (placed !== undefined) steps.holds[holdKey(h)] = { step: placed, at: firstIn(h, placed) };
    const released = h.releasedAt === null ? undefined : stepAt(h, h.releasedAt);
    if (released !== undefined) steps.holdReleases[holdKey(h)] = released;
  }
  if (runs.length > 0) {
    const byEvent = new Map((await source.stepsOfEvents(runs.map((r) => r.trigger.eventId))).map((e) => [e.id, e.step]));
    for (const r of runs) {
      const step = byEvent.get(r.trigger.eventId);
      if (step !== undefined) steps.runs[r.id] = step;
    }
  }
  return steps;
}

/** An order the window touches without an event of its own in it (a ticket's): its history is read as any touched order's. */
function touch(touched: Map<string, { shop: string; orderId: string; events: StoredEvent[] }>, shop: string, orderId: string): void {
  if (!touched.has(k2(shop, orderId))) touched.set(k2(shop, orderId), { shop, orderId, events: [] });
}

/** Adds the keys among `asked` that the log names before `at` to `before`. */
async function addEarlierKeys(source: Store, at: string, asked: EventKeys, before: { orders: Set<string>; tracking: Set<string> }): Promise<void> {
  const earlier = await source.eventKeysBefore(at, asked);
  for (const o of earlier.orders) before.orders.add(k2(o.shop, o.orderId));
  for (const t of earlier.tracking) before.tracking.add(k2(t.shop, t.trackingNumber));
}

/**
 * Rate limits and frequency caps count a shop's recent runs across orders: the runs other orders
 * started shortly before the window still count inside it.
 */
async function limitSeeds(source: Store, touched: Array<{ shop: string; orderId: string }>, flows: readonly LimitedFlow[], from: string): Promise<FlowRun[]> {
  const touchedKeys = new Set(touched.map((t) => k2(t.shop, t.orderId)));
  const out: FlowRun[] = [];
  for (const shop of new Set(touched.map((t) => t.shop))) {
    for (const f of flows) {
      const since = new Date(Date.parse(from) - f.lookbackMs).toISOString();
      for (const r of await source.listRuns({ shop, flowId: f.flowId, startedAfter: since, limit: 1_000_000 })) {
        if (r.startedAt < from && !touchedKeys.has(k2(r.shop, r.orderId ?? ""))) out.push(r);
      }
    }
  }
  return out;
}

/**
 * A customer's other orders are context for the touched ones (`customer.orders_count`, active
 * holds). Orders with events before the window and none inside it existed, unchanged, all
 * through it: their journeys and open holds are seeded as they are in the source.
 */
async function customerSeeds(
  source: Store,
  touched: Array<{ shop: string; orderId: string }>,
  before: { orders: Set<string>; tracking: Set<string> },
  earlierThan: string | null,
  from: string,
): Promise<Pick<History, "seedJourneys" | "seedHolds">> {
  const touchedKeys = new Set(touched.map((t) => k2(t.shop, t.orderId)));
  const customersByShop = groupByShop(await source.customerKeysOf(touched), (c) => c.customerKey);
  if (customersByShop.size === 0) return { seedJourneys: [], seedHolds: [] };
  // The customers' other orders; those with events before the window existed all through it, and
  // only their journeys are read (most of a recent window's customers' orders are touched by it).
  const others: OrderKey[] = [];
  for (const [shop, keys] of customersByShop) for (const o of await source.ordersOfCustomers(shop, keys)) if (!touchedKeys.has(k2(o.shop, o.orderId))) others.push(o);
  if (earlierThan !== null && others.length > 0) await addEarlierKeys(source, earlierThan, { orders: others, tracking: [] }, before);
  const seedJourneys = await source.journeysFor(others.filter((o) => before.orders.has(k2(o.shop, o.orderId))));
  // Released before the window by source time, a hold is kept only while the step that released it is unknown here; stepsOfSeeds finds it.
  const seedHolds: Hold[] = [];
  for (const [shop, keys] of customersByShop) {
    const holdsOf = new Map<string, Hold[]>();
    for (const h of await source.holdsForCustomers(shop, keys)) {
      const list = holdsOf.get(h.customerKey) ?? [];
      list.push(h);
      holdsOf.set(h.customerKey, list);
    }
    // Customer by customer, in the order the touched orders named them: the seeds' order is the replay's.
    for (const customerKey of keys) {
      for (const h of holdsOf.get(customerKey) ?? []) {
        if (touchedKeys.has(k2(h.shop, h.orderId)) || h.placedAt >= from) continue;
        seedHolds.push(h);
      }
    }
  }
  return { seedJourneys, seedHolds };
}
