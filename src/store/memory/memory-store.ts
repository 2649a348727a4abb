import type { EventSource, RawBody, StoredEvent } from "../../core/event.js";
import type { Journey } from "../../core/journey.js";
import { journeyDigestOf, type JourneyDigest } from "../../core/journey-digest.js";
import type { NewOutboxAction, OutboxAction } from "../../core/outbox.js";
import type { Decision, Hold, Timer } from "../../core/decision.js";
import type { DeliveryPromise } from "../../core/promise.js";
import type { FlowRun } from "../../flows/engine/run.js";
import type { ReviewDecision } from "../../core/review.js";
import type { AppendResult, CustomerOrder, Delivery, EventKeys, EventQuery, OrderKey, OrderOutcomes, OrderRecords, OutboxQuery, ProjectionWrite, RunQuery, Store, StoreCapabilities, StoreCounts, TrackingKey } from "../port.js";
import { sortOrderRecords } from "../order-records.js";
import { customerKeyOf } from "../../core/customer-key.js";
import { TimerQueue } from "./timer-queue.js";
import { newList, newMap, newSet, ShopMap } from "./shop-map.js";
import { MemoryTickets } from "./memory-tickets.js";
import { ticketKey, type OrderRef, type Ticket } from "../../core/ticket.js";
import { ticketOf, type TicketRef } from "../../core/ticket-of.js";
import { pushAll } from "../../core/push-all.js";
import type { TicketQuery, TicketSummary } from "../ticket-port.js";
import { withFields } from "../../core/with-fields.js";

export const MEMORY_CAPABILITIES: StoreCapabilities = { dialect: "memory", skipLocked: false, multiProcess: false };

const OPEN_RUN_STATUSES = new Set(["running", "waiting", "awaiting_approval"]);
const REQUEUEABLE = new Set(["dead", "awaiting_review"]);
const CANCELLABLE = new Set(["pending", "awaiting_review", "dead"]);

const k2 = (a: string, b: string) => `${a}\0${b}`;

/** Pushes `value` onto the list under `key`, creating it. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

const EVENT_TEXT_FIELDS = ["shop", "source", "topic", "occurredAt", "deliveryId"] as const;

/** The SQL store's NOT NULL columns, checked before anything is written so a bad batch writes nothing. */
function checkDelivery(d: Delivery, i: number): void {
  const bad = (field: string) => new TypeError(`delivery ${i}: ${field} must be a string`);
  if (typeof d.eventId !== "string") throw bad("eventId");
  if (typeof d.receivedAt !== "string") throw bad("receivedAt");
  if (typeof d.raw?.id !== "string") throw bad("raw.id");
  const e = d.event;
  for (const field of EVENT_TEXT_FIELDS) if (typeof e?.[field] !== "string") throw bad(`event.${field}`);
  if (e.orderKey !== null && typeof e.orderKey !== "string") throw bad("event.orderKey");
  if (e.trackingKey !== null && typeof e.trackingKey !== "string") throw bad("event.trackingKey");
  if (typeof e.payload !== "object" || e.payload === null) throw new TypeError(`delivery ${i}: event.payload must be an object`);
  if (!((d.raw.body as unknown) instanceof Uint8Array)) throw new TypeError(`delivery ${i}: raw.body must be bytes`);
}

/** Field by field, as in #appendOne; an empty body (a replay's events keep none) is not copied. */
function copyOfRaw(raw: RawBody): RawBody {
  return {
    id: raw.id,
    shop: raw.shop,
    source: raw.source,
    topic: raw.topic,
    receivedAt: raw.receivedAt,
    headers: { ...raw.headers },
    body: raw.body.length === 0 ? NO_BYTES : Buffer.from(raw.body),
  };
}
const NO_BYTES = Buffer.alloc(0);

function ofShop(events: readonly StoredEvent[] | undefined, shop: string): StoredEvent[] {
  const out: StoredEvent[] = [];
  if (events) for (const e of events) if (e.shop === shop) out.push(e);
  return out;
}

/** Two lists in seq order as one, each seq once: a scan that names its order is in both of the projector's lists. */
function mergeBySeq(a: readonly StoredEvent[], b: readonly StoredEvent[]): StoredEvent[] {
  if (b.length === 0) return a as StoredEvent[];
  const out: StoredEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.seq < y.seq)) {
      out.push(x!);
      i++;
    } else {
      if (x !== undefined && x.seq === y.seq) i++;
      out.push(y);
      j++;
    }
  }
  return out;
}
const byStartedDesc = (a: Pick<FlowRun, "startedAt" | "id">, b: Pick<FlowRun, "startedAt" | "id">) => (a.startedAt !== b.startedAt ? (a.startedAt < b.startedAt ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byStartedAsc = (a: FlowRun, b: FlowRun) => (a.startedAt !== b.startedAt ? (a.startedAt < b.startedAt ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The store port entirely in memory: replays and dry runs (a fresh store per replay, thrown
 * away after) and fast tests. Same behaviour as the SQL store — the contract suite runs against
 * it — with indexes where the projector reads per order: events by (order key) and (tracking
 * key) in seq order, journeys by customer, runs, decisions and outbox by order, timers in a heap.
 *
 * Objects handed in (events' payloads, journeys, decisions, runs) are kept by reference and
 * handed out again, not copied: the projector and the engine never mutate them (the interpreter
 * clones a run before it moves it). Rows the store itself changes later (outbox, holds, timers)
 * are copied on the way out.
 */
export class MemoryStore implements Store {
  readonly capabilities = MEMORY_CAPABILITIES;

  // Events: position = seq - 1.
  readonly #events: StoredEvent[] = [];
  readonly #projected: boolean[] = [];
  /** Every event before this position is projected (unprojected() starts here). */
  #firstUnprojected = 0;
  readonly #seqById = new Map<string, number>();
  /** Event ids by (shop, source) and delivery id: the dedupe key. */
  readonly #byDelivery = new ShopMap<Map<string, string>>();
  readonly #byOrderKey = new Map<string, StoredEvent[]>();
  readonly #byTrackingKey = new Map<string, StoredEvent[]>();
  readonly #byTicketKey = new Map<string, StoredEvent[]>();
  readonly #rawBodies = new Map<string, RawBody>();

  readonly #journeys = new ShopMap<Journey>();
  readonly #customerOf = new ShopMap<string | null>();
  readonly #ordersOfCustomer = new ShopMap<Set<string>>();
  readonly #links = new ShopMap<string>();
  readonly #linksOfOrder = new ShopMap<Set<string>>();
  readonly #timers = new TimerQueue();
  readonly #decisions = new Map<string, Decision>();
  readonly #decisionsOfOrder = new ShopMap<Decision[]>();
  readonly #outbox = new Map<string, OutboxAction>();
  readonly #tickets = new MemoryTickets();
  readonly #promises = new Map<string, DeliveryPromise>(); // by sourceKey
  readonly #outboxIdByKey = new Map<string, string>();
  readonly #outboxOfOrder = new Map<string | null, string[]>();
  readonly #holds = new Map<string, Hold>();
  readonly #holdsOfCustomer = new ShopMap<Set<string>>();
  readonly #runs = new Map<string, FlowRun>();
  readonly #reviewDecisions: ReviewDecision[] = [];
  /** Per order, in listRuns' order (newest start first): the projector lists an order's runs at every fold. */
  readonly #runsOfOrder = new Map<string | null, Array<{ startedAt: string; id: string }>>();
  readonly #runsOfFlow = new Map<string, Set<string>>();
  /** Runs per (shop, flow) and per (shop, flow, limit key) in start order: a limit counts its window's tail. */
  readonly #runStarts = new Map<string, Array<{ startedAt: string; id: string }>>();

  async append(deliveries: Delivery[]): Promise<AppendResult[]> {
    deliveries.forEach(checkDelivery);
    return deliveries.map((d) => this.#appendOne(d));
  }

  #appendOne(d: Delivery): AppendResult {
    const e = d.event;
    const delivered = this.#byDelivery.upsert(e.shop, e.source, newMap);
    const existing = delivered.get(e.deliveryId);
    if (existing !== undefined) return { status: "duplicate", eventId: existing };
    const seq = this.#events.length + 1;
    // Field by field: an object spread here cost more than the rest of the append.
    const stored: StoredEvent = {
      id: d.eventId,
      seq,
      shop: e.shop,
      source: e.source,
      topic: e.topic,
      occurredAt: e.occurredAt,
      receivedAt: d.receivedAt,
      deliveryId: e.deliveryId,
      orderKey: e.orderKey,
      trackingKey: e.trackingKey,
      payload: e.payload,
      rawBodyId: d.raw.id,
      // Present from the start, set when a deciding step folds it: one shape for every stored event.
      projectedIn: undefined,
    };
    this.#events.push(stored);
    this.#projected.push(false);
    this.#seqById.set(stored.id, seq);
    delivered.set(e.deliveryId, stored.id);
    if (e.orderKey !== null) pushTo(this.#byOrderKey, e.orderKey, stored);
    if (e.trackingKey !== null) pushTo(this.#byTrackingKey, e.trackingKey, stored);
    const ticket = ticketOf(e.payload);
    if (ticket !== null) pushTo(this.#byTicketKey, ticketKey(ticket), stored);
    const raw = d.raw;
    this.#rawBodies.set(raw.id, copyOfRaw(raw));
    return { status: "stored", eventId: stored.id, seq };
  }

  async unprojected(limit: number): Promise<StoredEvent[]> {
    while (this.#firstUnprojected < this.#events.length && this.#projected[this.#firstUnprojected]) this.#firstUnprojected++;
    const out: StoredEvent[] = [];
    for (let i = this.#firstUnprojected; i < this.#events.length && out.length < limit; i++) if (!this.#projected[i]) out.push(this.#events[i]!);
    return out;
  }

  async unprojectedIds(): Promise<string[]> {
    return (await this.unprojected(Number.MAX_SAFE_INTEGER)).map((e) => e.id);
  }

  async eventsForOrder(shop: string, orderId: string): Promise<StoredEvent[]> {
    let all = ofShop(this.#byOrderKey.get(orderId), shop);
    const links = this.#linksOfOrder.get(shop, orderId);
    if (links) for (const t of links) all = mergeBySeq(all, ofShop(this.#byTrackingKey.get(t), shop));
    return all;
  }

  async eventsForOrders(orders: readonly OrderKey[]): Promise<Array<OrderKey & { events: StoredEvent[] }>> {
    const out: Array<OrderKey & { events: StoredEvent[] }> = [];
    const seen = new Set<string>();
    for (const { shop, orderId } of orders) {
      if (seen.has(k2(shop, orderId))) continue;
      seen.add(k2(shop, orderId));
      out.push({ shop, orderId, events: await this.eventsForOrder(shop, orderId) });
    }
    return out;
  }

  /** `fromSeq` is inclusive. */
  async listEvents(q: EventQuery): Promise<StoredEvent[]> {
    const base =
      q.orderId !== undefined ? (this.#byOrderKey.get(q.orderId) ?? [])
      : q.trackingNumber !== undefined ? (this.#byTrackingKey.get(q.trackingNumber) ?? [])
      : q.tickets !== undefined ? this.#eventsOfTickets(q.tickets)
      : this.#events.slice(Math.max(0, (q.fromSeq ?? 1) - 1));
    const out: StoredEvent[] = [];
    const limit = q.limit ?? Infinity;
    for (const e of base) {
      if (out.length >= limit) break;
      if (q.shop !== undefined && e.shop !== q.shop) continue;
      if (q.orderId !== undefined && e.orderKey !== q.orderId) continue;
      if (q.trackingNumber !== undefined && e.trackingKey !== q.trackingNumber) continue;
      if (q.fromSeq !== undefined && e.seq < q.fromSeq) continue;
      out.push(e);
    }
    return out;
  }

  /** The tickets' events (keyed by `ticketKey`, which names a ticket exactly; an event is about one ticket at most), in seq order. */
  #eventsOfTickets(tickets: readonly TicketRef[]): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (const key of new Set(tickets.map(ticketKey))) pushAll(out, this.#byTicketKey.get(key) ?? []);
    return out.sort((a, b) => a.seq - b.seq);
  }

  async listEventsBySourceTime(from: string, to: string): Promise<StoredEvent[]> {
    return this.#events.filter((e) => e.occurredAt >= from && e.occurredAt <= to);
  }

  async countEventsBySourceTime(from: string, to: string, exceptSource?: EventSource): Promise<number> {
    let n = 0;
    for (const e of this.#events) if (e.occurredAt >= from && e.occurredAt <= to && e.source !== exceptSource) n++;
    return n;
  }

  async stepsOfEvents(ids: readonly string[]): Promise<Array<{ id: string; step: number }>> {
    const out: Array<{ id: string; step: number }> = [];
    for (const id of new Set(ids)) {
      const seq = this.#seqById.get(id);
      if (seq !== undefined) out.push({ id, step: this.#events[seq - 1]!.projectedIn?.batch ?? seq });
    }
    return out;
  }

  async firstStepsOfOrders(orders: readonly OrderKey[]): Promise<Array<OrderKey & { step: number }>> {
    const out: Array<OrderKey & { step: number }> = [];
    for (const o of orders) {
      let step = Infinity;
      for (const e of ofShop(this.#byOrderKey.get(o.orderId), o.shop)) step = Math.min(step, e.projectedIn?.batch ?? e.seq);
      if (step !== Infinity) out.push({ shop: o.shop, orderId: o.orderId, step });
    }
    return out;
  }

  /** Each key asked about once, like the SQL store's DISTINCT. */
  async eventKeysBefore(at: string, among: EventKeys): Promise<EventKeys> {
    const seen = new Set<string>();
    const earlier = (shop: string, key: string, index: Map<string, StoredEvent[]>) => {
      const k = k2(shop, key);
      if (seen.has(k)) return false;
      seen.add(k);
      return index.get(key)?.some((e) => e.shop === shop && e.occurredAt < at) ?? false;
    };
    const orders = among.orders.filter((o) => earlier(o.shop, o.orderId, this.#byOrderKey));
    seen.clear();
    return { orders, tracking: among.tracking.filter((t) => earlier(t.shop, t.trackingNumber, this.#byTrackingKey)) };
  }

  async earliestEventAt(): Promise<string | null> {
    let first: string | null = null;
    for (const e of this.#events) if (first === null || e.occurredAt < first) first = e.occurredAt;
    return first;
  }

  async getRawBody(id: string): Promise<RawBody | null> {
    const raw = this.#rawBodies.get(id);
    return raw ? copyOfRaw(raw) : null;
  }

  async orderForTracking(shop: string, trackingNumber: string): Promise<string | null> {
    return this.#links.get(shop, trackingNumber) ?? null;
  }

  async ordersForTracking(keys: readonly TrackingKey[]): Promise<Array<TrackingKey & { orderId: string }>> {
    const out: Array<TrackingKey & { orderId: string }> = [];
    const seen = new Set<string>();
    for (const { shop, trackingNumber } of keys) {
      const key = k2(shop, trackingNumber);
      const orderId = this.#links.get(shop, trackingNumber);
      if (orderId === undefined || seen.has(key)) continue;
      seen.add(key);
      out.push({ shop, trackingNumber, orderId });
    }
    return out;
  }

  /** Same order of effects as the SQL store: timers cleared before set, holds placed before released. */
  async applyProjection(w: ProjectionWrite): Promise<void> {
    for (const j of w.journeys) this.#upsertJourney(j);
    for (const l of w.trackingLinks) this.#link(l.shop, l.trackingNumber, l.orderId);
    for (const t of w.timersCleared) this.#timers.clear(t);
    for (const t of w.timersSet) this.#timers.set(t);
    for (const d of w.decisions) this.#insertDecision(d);
    this.#insertOutbox(w.outbox);
    for (const h of w.holdsPlaced) this.#placeHold(h);
    for (const r of w.holdsReleased) this.#releaseHold(r);
    for (const r of w.runs) this.#upsertRun(r);
    this.#tickets.write(w.tickets, w.orderRefs);
    for (const id of w.projectedEventIds) {
      const seq = this.#seqById.get(id);
      if (seq !== undefined) this.#projected[seq - 1] = true;
    }
    for (const { eventIds, projectedIn } of w.batches ?? []) {
      for (const id of eventIds) {
        const seq = this.#seqById.get(id);
        if (seq !== undefined) this.#events[seq - 1]!.projectedIn = projectedIn;
      }
    }
  }

  #upsertJourney(j: Journey): void {
    const customer = customerKeyOf(j);
    const previous = this.#customerOf.get(j.shop, j.orderId);
    if (previous !== undefined && previous !== customer && previous !== null) this.#ordersOfCustomer.get(j.shop, previous)?.delete(j.orderId);
    if (customer !== null) this.#ordersOfCustomer.upsert(j.shop, customer, newSet).add(j.orderId);
    this.#customerOf.set(j.shop, j.orderId, customer);
    this.#journeys.set(j.shop, j.orderId, j);
  }

  #link(shop: string, trackingNumber: string, orderId: string): void {
    const previous = this.#links.get(shop, trackingNumber);
    if (previous !== undefined && previous !== orderId) this.#linksOfOrder.get(shop, previous)?.delete(trackingNumber);
    this.#links.set(shop, trackingNumber, orderId);
    this.#linksOfOrder.upsert(shop, orderId, newSet).add(trackingNumber);
  }

  /** Decision ids are deterministic: a replayed decision is already there. */
  #insertDecision(d: Decision): void {
    if (this.#decisions.has(d.id)) return;
    this.#decisions.set(d.id, d);
    this.#decisionsOfOrder.upsert(d.shop, d.orderId, newList).push(d);
  }

  /** The idempotency key is the guarantee that a replay never sends twice. */
  #insertOutbox(actions: ReadonlyArray<NewOutboxAction & { id: string }>): void {
    for (const a of actions) {
      if (this.#outboxIdByKey.has(a.idempotencyKey) || this.#outbox.has(a.id)) continue;
      this.#outbox.set(
        a.id,
        withFields(a, { attempts: 0, nextAttemptAt: a.createdAt, lastError: null, claimedBy: null, leaseUntil: null, deliveredAt: null, updatedAt: a.createdAt }),
      );
      this.#outboxIdByKey.set(a.idempotencyKey, a.id);
      pushTo(this.#outboxOfOrder, a.orderId, a.id);
    }
  }

  /** One hold per (shop, customer, shipment), with the SQL store's rules for re-placement and release. */
  #placeHold(hold: Hold): void {
    const key = `${hold.shop}\0${hold.customerKey}\0${hold.shipmentKey}`;
    const row = this.#holds.get(key);
    if (!row) {
      this.#holds.set(key, { ...hold });
      this.#holdsOfCustomer.upsert(hold.shop, hold.customerKey, newSet).add(key);
      return;
    }
    if (row.releasedAt !== null && !(hold.placedAt > row.releasedAt)) return;
    const takeNew = row.releasedAt !== null || hold.placedAt < row.placedAt;
    this.#holds.set(key, {
      ...row,
      placedAt: takeNew ? hold.placedAt : row.placedAt,
      orderId: takeNew ? hold.orderId : row.orderId,
      reason: takeNew ? hold.reason : row.reason,
      releasedAt: null,
      releaseReason: null,
    });
  }

  #releaseHold(r: ProjectionWrite["holdsReleased"][number]): void {
    const key = `${r.shop}\0${r.customerKey}\0${r.shipmentKey}`;
    const row = this.#holds.get(key);
    if (!row || row.releasedAt !== null || row.placedAt > r.releasedAt) return;
    this.#holds.set(key, withFields(row, { releasedAt: r.releasedAt, releaseReason: r.reason }));
  }

  /** A run's shop, flow, start time and limit key are fixed when it starts; only its progress changes. */
  #upsertRun(run: FlowRun): void {
    if (!this.#runs.has(run.id)) {
      insertByStart(this.#runStarts, `${run.shop}\0${run.flowId}`, run);
      if (run.limitKey != null) insertByStart(this.#runStarts, `${run.shop}\0${run.flowId}\0${run.limitKey}`, run);
      insertNewestFirst(this.#runsOfOrder, run.orderId, run);
    }
    this.#runs.set(run.id, run);
    addTo(this.#runsOfFlow, run.flowId, run.id);
  }

  async getJourney(shop: string, orderId: string): Promise<Journey | null> {
    return this.#journeys.get(shop, orderId) ?? null;
  }

  /** Most recently changed first (by source time). */
  async listJourneys(shop?: string, limit?: number): Promise<Journey[]> {
    const all = [...this.#journeys.values()].filter((j) => shop === undefined || j.shop === shop);
    all.sort((a, b) => (a.asOf !== b.asOf ? (a.asOf < b.asOf ? 1 : -1) : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    return limit === undefined ? all : all.slice(0, limit);
  }

  async journeyDigests(limit: number): Promise<JourneyDigest[]> {
    return (await this.listJourneys(undefined, limit)).map(journeyDigestOf);
  }

  async journeysFor(orders: readonly OrderKey[]): Promise<Journey[]> {
    const out: Journey[] = [];
    const seen = new Set<Journey>();
    for (const { shop, orderId } of orders) {
      const j = this.#journeys.get(shop, orderId);
      if (j === undefined || seen.has(j)) continue;
      seen.add(j);
      out.push(j);
    }
    return out;
  }

  async customerKeysOf(orders: readonly OrderKey[]): Promise<CustomerOrder[]> {
    const out: CustomerOrder[] = [];
    const seen = new Set<string>();
    for (const { shop, orderId } of orders) {
      const customerKey = this.#customerOf.get(shop, orderId);
      if (customerKey == null || seen.has(k2(shop, orderId))) continue;
      seen.add(k2(shop, orderId));
      out.push({ shop, orderId, customerKey });
    }
    return out;
  }

  async ordersOfCustomers(shop: string, customerKeys: readonly string[]): Promise<CustomerOrder[]> {
    const out: CustomerOrder[] = [];
    for (const customerKey of new Set(customerKeys)) for (const orderId of this.#ordersOfCustomer.get(shop, customerKey) ?? []) out.push({ shop, orderId, customerKey });
    return out;
  }

  async countOrdersForCustomer(shop: string, customerKey: string): Promise<number> {
    return this.#ordersOfCustomer.get(shop, customerKey)?.size ?? 0;
  }

  async counts(): Promise<StoreCounts> {
    const outboxByStatus: StoreCounts["outboxByStatus"] = {};
    for (const a of this.#outbox.values()) outboxByStatus[a.status] = (outboxByStatus[a.status] ?? 0) + 1;
    const runsByStatus: StoreCounts["runsByStatus"] = {};
    for (const r of this.#runs.values()) runsByStatus[r.status] = (runsByStatus[r.status] ?? 0) + 1;
    return { orders: this.#journeys.size, outboxByStatus, runsByStatus };
  }

  async decisionsForOrder(shop: string, orderId: string): Promise<Decision[]> {
    const list = [...(this.#decisionsOfOrder.get(shop, orderId) ?? [])];
    return list.sort((a, b) => (a.decidedAt !== b.decidedAt ? (a.decidedAt < b.decidedAt ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async holdsForCustomers(shop: string, customerKeys: readonly string[]): Promise<Hold[]> {
    const out: Hold[] = [];
    for (const key of new Set(customerKeys)) pushAll(out, await this.holdsForCustomer(shop, key));
    return out;
  }

  async holdsForCustomer(shop: string, customerKey: string): Promise<Hold[]> {
    const keys = this.#holdsOfCustomer.get(shop, customerKey);
    if (!keys) return [];
    const list = [...keys].map((k) => copyHold(this.#holds.get(k)!));
    return list.sort((a, b) => (a.placedAt !== b.placedAt ? (a.placedAt < b.placedAt ? -1 : 1) : a.shipmentKey < b.shipmentKey ? -1 : a.shipmentKey > b.shipmentKey ? 1 : 0));
  }

  async dueTimers(now: string, limit: number): Promise<Timer[]> {
    return this.#timers.due(now, limit);
  }

  async deleteTimer(timer: Timer): Promise<void> {
    this.#timers.deleteIf(timer);
  }

  /** Single-threaded: the select and the update cannot interleave with another claimer. */
  async claimOutbox(now: string, limit: number, claimedBy: string, leaseUntil: string): Promise<OutboxAction[]> {
    const due = [...this.#outbox.values()].filter((a) => a.status === "pending" && a.nextAttemptAt <= now);
    due.sort((a, b) => cmp(a.nextAttemptAt, b.nextAttemptAt) || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));
    return due.slice(0, limit).map((a) => {
      const claimed: OutboxAction = withFields(a, { status: "in_flight" as const, claimedBy, leaseUntil, updatedAt: now });
      this.#outbox.set(a.id, claimed);
      return copyAction(claimed);
    });
  }

  #update(id: string, change: (a: OutboxAction) => Partial<OutboxAction> | null): boolean {
    const a = this.#outbox.get(id);
    if (!a) return false;
    const patch = change(a);
    if (patch === null) return false;
    this.#outbox.set(id, withFields(a, patch) as OutboxAction);
    return true;
  }

  async markDelivered(id: string, at: string): Promise<void> {
    this.#update(id, (a) => ({ status: "delivered", attempts: a.attempts + 1, deliveredAt: at, claimedBy: null, leaseUntil: null, updatedAt: at }));
  }

  async markRetry(id: string, nextAttemptAt: string, error: string, at: string): Promise<void> {
    this.#update(id, (a) => ({ status: "pending", attempts: a.attempts + 1, nextAttemptAt, lastError: error, claimedBy: null, leaseUntil: null, updatedAt: at }));
  }

  async markDead(id: string, error: string, at: string): Promise<void> {
    this.#update(id, (a) => ({ status: "dead", attempts: a.attempts + 1, lastError: error, claimedBy: null, leaseUntil: null, updatedAt: at }));
  }

  async requeue(id: string, at: string): Promise<boolean> {
    return this.#update(id, (a) => (REQUEUEABLE.has(a.status) ? { status: "pending", nextAttemptAt: at, claimedBy: null, leaseUntil: null, updatedAt: at } : null));
  }

  async markSkipped(id: string, reason: string, at: string): Promise<void> {
    this.#update(id, () => ({ status: "skipped", lastError: reason, claimedBy: null, leaseUntil: null, updatedAt: at }));
  }

  async recordPromise(promise: DeliveryPromise): Promise<void> {
    if (!this.#promises.has(promise.sourceKey)) this.#promises.set(promise.sourceKey, { ...promise });
  }

  async promisesForOrder(shop: string, orderId: string): Promise<DeliveryPromise[]> {
    const mine = [...this.#promises.values()].filter((p) => p.shop === shop && p.orderId === orderId);
    return mine.sort((a, b) => cmp(a.toldAt, b.toldAt) || cmp(a.sourceKey, b.sourceKey)).map((p) => ({ ...p }));
  }

  /** Quiet hours: back to pending until `until`, without counting an attempt. */
  async deferOutbox(id: string, until: string, reason: string, at: string): Promise<void> {
    this.#update(id, () => ({ status: "pending", nextAttemptAt: until, lastError: reason, claimedBy: null, leaseUntil: null, updatedAt: at }));
  }

  async cancelOutbox(id: string, at: string): Promise<boolean> {
    return this.#update(id, (a) => (CANCELLABLE.has(a.status) ? { status: "cancelled", claimedBy: null, leaseUntil: null, updatedAt: at } : null));
  }

  async recoverInFlight(currentBoot: string, at: string): Promise<number> {
    let n = 0;
    for (const a of [...this.#outbox.values()]) {
      if (a.status !== "in_flight" || a.claimedBy === currentBoot) continue;
      this.#outbox.set(a.id, withFields(a, { status: "pending" as const, claimedBy: null, leaseUntil: null, updatedAt: at }));
      n++;
    }
    return n;
  }

  /** Oldest first. */
  async listOutbox(q: OutboxQuery): Promise<OutboxAction[]> {
    const base = q.orderId !== undefined ? (this.#outboxOfOrder.get(q.orderId) ?? []).map((id) => this.#outbox.get(id)!) : [...this.#outbox.values()];
    const out = base.filter(
      (a) =>
        (q.status === undefined || a.status === q.status) &&
        (q.shop === undefined || a.shop === q.shop) &&
        (q.channel === undefined || a.channel === q.channel) &&
        (q.updatedAfter === undefined || a.updatedAt >= q.updatedAfter),
    );
    if (q.updatedAfter !== undefined) out.sort((a, b) => cmp(a.updatedAt, b.updatedAt) || cmp(a.id, b.id));
    else out.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));
    return (q.limit === undefined ? out : out.slice(0, q.limit)).map(copyAction);
  }

  async getOutbox(id: string): Promise<OutboxAction | null> {
    const a = this.#outbox.get(id);
    return a ? copyAction(a) : null;
  }

  async recordReviewDecision(d: ReviewDecision, closesOutboxId?: string): Promise<boolean> {
    if (closesOutboxId !== undefined) {
      const closed = this.#update(closesOutboxId, (a) =>
        a.status === "awaiting_review" ? { status: d.decision === "reject" ? "cancelled" : "delivered", deliveredAt: d.decision === "reject" ? null : d.at, claimedBy: null, leaseUntil: null, updatedAt: d.at } : null,
      );
      if (!closed) return false;
    }
    this.#reviewDecisions.push(structuredClone(d));
    return true;
  }

  async listReviewDecisions(query: { shop?: string; itemId?: string; limit: number }): Promise<ReviewDecision[]> {
    return this.#reviewDecisions
      .filter((d) => (query.shop === undefined || d.shop === query.shop) && (query.itemId === undefined || d.itemId === query.itemId))
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
      .slice(0, query.limit)
      .map((d) => structuredClone(d));
  }

  async getRun(id: string): Promise<FlowRun | null> {
    return this.#runs.get(id) ?? null;
  }

  async listRuns(q: RunQuery): Promise<FlowRun[]> {
    if (q.orderId !== undefined) return this.#orderRuns(q);
    const base = q.flowId !== undefined ? [...(this.#runsOfFlow.get(q.flowId) ?? [])].map((id) => this.#runs.get(id)!) : [...this.#runs.values()];
    const out = base.filter(
      (r) =>
        (q.shop === undefined || r.shop === q.shop) &&
        (q.flowId === undefined || r.flowId === q.flowId) &&
        (q.status === undefined || r.status === q.status) &&
        (q.startedAfter === undefined || r.startedAt > q.startedAfter),
    );
    return out.sort(byStartedDesc).slice(0, q.limit ?? 200);
  }

  /** Walks the order's runs newest first: already in the answer's order, so nothing to sort. */
  #orderRuns(q: RunQuery): FlowRun[] {
    const limit = q.limit ?? 200;
    const out: FlowRun[] = [];
    for (const { id } of this.#runsOfOrder.get(q.orderId!) ?? []) {
      if (out.length >= limit) break;
      const r = this.#runs.get(id)!;
      if ((q.shop === undefined || r.shop === q.shop) && (q.flowId === undefined || r.flowId === q.flowId) && (q.status === undefined || r.status === q.status) && (q.startedAfter === undefined || r.startedAt > q.startedAfter)) out.push(r);
    }
    return out;
  }

  /** Whole runs: in memory they cost nothing more to hand, and they are outcomes too. */
  async outcomesForOrders(orders: readonly OrderKey[]): Promise<OrderOutcomes> {
    return this.recordsForOrders(orders);
  }

  /** One process's memory, no second connection: the view is the store itself, live (see the port). */
  async readSnapshot<T>(read: (view: Store) => Promise<T>): Promise<T> {
    return read(this);
  }

  async getRuns(ids: readonly string[]): Promise<FlowRun[]> {
    const out: FlowRun[] = [];
    for (const id of new Set(ids)) {
      const run = this.#runs.get(id);
      if (run !== undefined) out.push(run);
    }
    return out;
  }

  async recordsForOrders(orders: readonly OrderKey[]): Promise<OrderRecords> {
    const out: OrderRecords = { decisions: [], runs: [], outbox: [] };
    const seen = new Set<string>();
    for (const { shop, orderId } of orders) {
      const key = k2(shop, orderId);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const d of this.#decisionsOfOrder.get(shop, orderId) ?? []) if (!this.#runs.has(d.id)) out.decisions.push(d);
      for (const { id } of this.#runsOfOrder.get(orderId) ?? []) {
        const r = this.#runs.get(id)!;
        if (r.shop === shop) out.runs.push(r);
      }
      for (const id of this.#outboxOfOrder.get(orderId) ?? []) {
        const a = this.#outbox.get(id)!;
        if (a.shop === shop) out.outbox.push(copyAction(a));
      }
    }
    return sortOrderRecords(out);
  }

  async countRuns(q: { shop: string; flowId: string; startedAfter: string; limitKey?: string }): Promise<number> {
    const list = this.#runStarts.get(q.limitKey === undefined ? `${q.shop}\0${q.flowId}` : `${q.shop}\0${q.flowId}\0${q.limitKey}`) ?? [];
    let n = 0;
    for (let i = firstAfter(list, q.startedAfter); i < list.length; i++) if (this.#runs.get(list[i]!.id)!.status !== "skipped") n++;
    return n;
  }

  async openRunsForOrder(shop: string, orderId: string): Promise<FlowRun[]> {
    const ids = this.#runsOfOrder.get(orderId) ?? [];
    return ids.map(({ id }) => this.#runs.get(id)!).filter((r) => r.shop === shop && OPEN_RUN_STATUSES.has(r.status)).sort(byStartedAsc);
  }

  async saveRun(run: FlowRun, outbox: Array<NewOutboxAction & { id: string }>, timers: Timer[]): Promise<void> {
    this.#upsertRun(run);
    this.#insertOutbox(outbox);
    for (const t of timers) this.#timers.set(t);
  }

  /** Like the SQL store: the outbox, flow runs and the timers of waiting runs are history, not derived state. */
  async resetProjections(): Promise<void> {
    this.#journeys.clear();
    this.#customerOf.clear();
    this.#ordersOfCustomer.clear();
    this.#links.clear();
    this.#linksOfOrder.clear();
    this.#timers.retain((t) => t.name.startsWith("flow:"));
    this.#holds.clear();
    this.#holdsOfCustomer.clear();
    this.#decisions.clear();
    this.#decisionsOfOrder.clear();
    this.#tickets.clear();
    this.#projected.fill(false);
    this.#firstUnprojected = 0;
  }

  getTicket(shop: string, helpdesk: string, ticketId: string): Promise<Ticket | null> {
    return this.#tickets.getTicket(shop, helpdesk, ticketId);
  }

  ordersOfTickets(shop: string, tickets: readonly TicketRef[]): Promise<Array<TicketRef & { orderId: string }>> {
    return this.#tickets.ordersOfTickets(shop, tickets);
  }

  listTickets(query: TicketQuery): Promise<TicketSummary[]> {
    return this.#tickets.listTickets(query);
  }

  ordersByName(shop: string, names: readonly string[]): Promise<OrderRef[]> {
    return this.#tickets.ordersByName(shop, names);
  }

  ordersByEmail(shop: string, email: string): Promise<OrderRef[]> {
    return this.#tickets.ordersByEmail(shop, email);
  }

  async close(): Promise<void> {}
}

/** Keeps the list in start order; runs mostly arrive in it, so the search starts from the end. */
function insertByStart(map: Map<string, Array<{ startedAt: string; id: string }>>, key: string, run: FlowRun): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  let i = list.length;
  while (i > 0 && list[i - 1]!.startedAt > run.startedAt) i--;
  list.splice(i, 0, { startedAt: run.startedAt, id: run.id });
}

/** Keeps the list in (start descending, id ascending) order; a new run usually goes first. */
function insertNewestFirst(map: Map<string | null, Array<{ startedAt: string; id: string }>>, key: string | null, run: FlowRun): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  let i = 0;
  while (i < list.length && byStartedDesc(list[i]!, run) < 0) i++;
  list.splice(i, 0, { startedAt: run.startedAt, id: run.id });
}

/** Index of the first entry that started strictly after `t`. */
function firstAfter(list: ReadonlyArray<{ startedAt: string }>, t: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.startedAt > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Copies handed out, field by field (faster than a spread on this path). */
function copyHold(h: Hold): Hold {
  return { shop: h.shop, customerKey: h.customerKey, orderId: h.orderId, shipmentKey: h.shipmentKey, reason: h.reason, placedAt: h.placedAt, releasedAt: h.releasedAt, releaseReason: h.releaseReason };
}

function copyAction(a: OutboxAction): OutboxAction {
  return {
    id: a.id,
    shop: a.shop,
    idempotencyKey: a.idempotencyKey,
    channel: a.channel,
    orderId: a.orderId,
    decisionId: a.decisionId,
    payload: a.payload,
    status: a.status,
    attempts: a.attempts,
    nextAttemptAt: a.nextAttemptAt,
    lastError: a.lastError,
    claimedBy: a.claimedBy,
    leaseUntil: a.leaseUntil,
    deliveredAt: a.deliveredAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
