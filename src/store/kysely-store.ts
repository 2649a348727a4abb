import { CompiledQuery, sql, type Kysely, type Transaction } from "kysely";
import type { EventSource, RawBody, StoredEvent } from "../core/event.js";
import type { Journey } from "../core/journey.js";
import type { JourneyDigest } from "../core/journey-digest.js";
import type { NewOutboxAction, OutboxAction, OutboxStatus } from "../core/outbox.js";
import type { FlowRun } from "../flows/engine/run.js";
import type { ReviewDecision } from "../core/review.js";
import type { DeliveryPromise } from "../core/promise.js";
import type { Decision, Hold, Timer } from "../core/decision.js";
import type {
  AppendResult,
  CustomerOrder,
  Delivery,
  EventKeys,
  EventQuery,
  OrderKey,
  OrderOutcomes,
  OrderRecords,
  OutboxQuery,
  ProjectionWrite,
  RunQuery,
  Store,
  StoreCapabilities,
  StoreCounts,
  TrackingKey,
} from "./port.js";
import type { Database } from "./schema.js";
import { ticketKey, type OrderRef, type Ticket } from "../core/ticket.js";
import { ticketOf, type TicketRef } from "../core/ticket-of.js";
import type { NormalizedPayload } from "../core/normalized.js";
import type { TicketQuery, TicketSummary } from "./ticket-port.js";
import { readOrderOutcomes, readOrderRecords, readRuns } from "./kysely-order-records.js";
import { FlowDefinitionCache, writeDefinitions } from "./flow-definitions.js";
import { clearTickets, queryOrdersByEmail, queryOrdersByName, queryOrdersOfTickets, queryTickets, readTicket, writeOrderRefs, writeTickets } from "./kysely-tickets.js";
import {
  decisionFromRow,
  decisionToRow,
  eventFromRow,
  holdFromRow,
  journeyDigestFromRow,
  journeyFromRow,
  journeyToRow,
  outboxFromRow,
  rawBodyFromRow,
  runColumns,
  timerFromRow,
} from "./rows.js";
import { groupByShop } from "./by-shop.js";
import { chunks } from "./chunks.js";
import { isOneOf } from "./key-list.js";
import { pushAll } from "../core/push-all.js";

/**
 * The status most actions end in. Every other status holds a part of what a shop sent (claimed
 * right now, waiting, waiting for a person, dead after an outage), so its own index reads no more
 * rows than the shop's would in a store of one shop (and about as many in a store of a few); a page
 * of delivered ones is found among the oldest actions instead.
 */
const MOST_ACTIONS_STATUS: ReadonlySet<OutboxStatus> = new Set(["delivered"]);

/** The statuses most runs end in: a page of them is found among the latest runs, not by sorting them all. */
const MOST_RUNS_STATUS: ReadonlySet<FlowRun["status"]> = new Set(["completed", "skipped"]);

/** A text column as a term no index serves (`column || ''` equals the column), in both dialects. */
const unindexed = (column: "shop" | "updated_at" | "status") => sql<string>`${sql.ref(column)} || ''`;

/** Statuses a human (or an approval) may send back to pending. */
const REQUEUEABLE = ["dead", "awaiting_review"] as const;

/**
 * The one implementation of the store port, over either dialect. Dialect differences are
 * confined to the migrations and to `capabilities.skipLocked` in `claimOutbox`.
 */
export class KyselyStore implements Store {
  #appendStatements: AppendStatements | undefined;
  readonly #definitions: FlowDefinitionCache;

  constructor(
    readonly db: Kysely<Database>,
    readonly capabilities: StoreCapabilities,
    definitions = new FlowDefinitionCache(),
  ) {
    this.#definitions = definitions;
  }

  /** `column` is one of `keys`, bound as one value (key-list.ts). */
  #isOneOf(column: string, keys: readonly string[]) {
    return isOneOf(this.capabilities.dialect, column, keys);
  }

  async readSnapshot<T>(read: (view: Store) => Promise<T>): Promise<T> {
    const tx = this.db.transaction();
    // SQLite: a deferred BEGIN takes its snapshot at the first read and keeps it to the end.
    const snapshot = this.capabilities.dialect === "postgres" ? tx.setIsolationLevel("repeatable read").setAccessMode("read only") : tx;
    return snapshot.execute((trx) => read(this.viewOn(trx, this.#definitions)));
  }

  /** The same store over one transaction (`readSnapshot`); the definitions cache is shared, as definitions never change. */
  protected viewOn(trx: Transaction<Database>, definitions: FlowDefinitionCache): Store {
    return new KyselyStore(trx, this.capabilities, definitions);
  }

  async append(deliveries: Delivery[]): Promise<AppendResult[]> {
    if (deliveries.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const results: AppendResult[] = [];
      // One statement at a time, so a duplicate later in the same batch sees the earlier row.
      this.#appendStatements ??= compileAppendStatements(this.db);
      for (const delivery of deliveries) results.push(await appendOne(trx, this.#appendStatements, delivery));
      return results;
    });
  }

  async unprojected(limit: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      // A literal, not a parameter: the partial index `where projected = 0` must match it.
      .where("projected", "=", sql.lit(0))
      .orderBy("seq")
      .limit(limit)
      .execute();
    return rows.map(eventFromRow);
  }

  async unprojectedIds(): Promise<string[]> {
    const rows = await this.db.selectFrom("events").select("id").where("projected", "=", sql.lit(0)).orderBy("seq").execute();
    return rows.map((r) => r.id);
  }

  async eventsForOrder(shop: string, orderId: string): Promise<StoredEvent[]> {
    // Two indexed lookups, merged: an OR across order_key and tracking_key makes SQLite scan every event of the shop.
    const byOrder = await this.db.selectFrom("events").selectAll().where("shop", "=", shop).where("order_key", "=", orderId).execute();
    const byTracking = await this.db
      .selectFrom("events")
      .selectAll()
      .where("shop", "=", shop)
      .where("tracking_key", "in", (eb) => eb.selectFrom("tracking_links").select("tracking_number").where("shop", "=", shop).where("order_id", "=", orderId))
      .execute();
    const bySeq = new Map<number, (typeof byOrder)[number]>();
    for (const row of [...byOrder, ...byTracking]) bySeq.set(Number(row.seq), row);
    return [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => eventFromRow(row));
  }

  /** As `eventsForOrder`, for many orders in two reads per shop: by order key, then by the tracking numbers linked to them. */
  async eventsForOrders(orders: readonly OrderKey[]): Promise<Array<OrderKey & { events: StoredEvent[] }>> {
    const out: Array<OrderKey & { events: StoredEvent[] }> = [];
    for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
      const own = await this.db.selectFrom("events").selectAll().where("shop", "=", shop).where(this.#isOneOf("order_key", ids)).execute();
      const linked = await this.db
        .selectFrom("events")
        .innerJoin("tracking_links", (j) => j.onRef("tracking_links.shop", "=", "events.shop").onRef("tracking_links.tracking_number", "=", "events.tracking_key"))
        .selectAll("events")
        .select("tracking_links.order_id as linked_order")
        .where("tracking_links.shop", "=", shop)
        .where(this.#isOneOf("tracking_links.order_id", ids))
        .execute();
      const bySeq = new Map<string, Map<number, (typeof own)[number]>>(ids.map((id) => [id, new Map()]));
      for (const row of own) bySeq.get(row.order_key!)?.set(Number(row.seq), row);
      for (const { linked_order, ...row } of linked) bySeq.get(linked_order)?.set(Number(row.seq), row);
      for (const [orderId, rows] of bySeq) out.push({ shop, orderId, events: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => eventFromRow(row)) });
    }
    return out;
  }

  /** `fromSeq` is inclusive. Tickets' keys are bound as one value, however many (key-list.ts). */
  async listEvents(query: EventQuery): Promise<StoredEvent[]> {
    const ticketKeys = query.tickets === undefined ? null : [...new Set(query.tickets.map(ticketKey))];
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .$if(query.shop !== undefined, (qb) => qb.where("shop", "=", query.shop!))
      .$if(query.orderId !== undefined, (qb) => qb.where("order_key", "=", query.orderId!))
      .$if(query.trackingNumber !== undefined, (qb) => qb.where("tracking_key", "=", query.trackingNumber!))
      .$if(ticketKeys !== null, (qb) => qb.where(this.#isOneOf("ticket_key", ticketKeys!)))
      .$if(query.fromSeq !== undefined, (qb) => qb.where("seq", ">=", query.fromSeq!))
      .orderBy("seq")
      .$if(query.limit !== undefined, (qb) => qb.limit(query.limit!))
      .execute();
    return rows.map(eventFromRow);
  }

  async countEventsBySourceTime(from: string, to: string, exceptSource?: EventSource): Promise<number> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("occurred_at", ">=", from)
      .where("occurred_at", "<=", to)
      .$if(exceptSource !== undefined, (qb) => qb.where("source", "<>", exceptSource!))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Events arrive close to source-time order: the arrival span of the window's events (from the
   * source-time index alone), then that span read in arrival order. Reading the rows through the
   * source-time index and sorting them was slower for a window holding most of the log.
   */
  async listEventsBySourceTime(from: string, to: string): Promise<StoredEvent[]> {
    const span = await this.db
      .selectFrom("events")
      .select((eb) => [eb.fn.min("seq").as("first"), eb.fn.max("seq").as("last")])
      .where("occurred_at", ">=", from)
      .where("occurred_at", "<=", to)
      .executeTakeFirst();
    if (span?.first == null || span.last == null) return [];
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("seq", ">=", Number(span.first))
      .where("seq", "<=", Number(span.last))
      .where("occurred_at", ">=", from)
      .where("occurred_at", "<=", to)
      .orderBy("seq")
      .execute();
    return rows.map(eventFromRow);
  }

  /** On the (shop, order_key) and (shop, tracking_key) indexes: the events of the keys asked about, not the log. */
  async eventKeysBefore(at: string, among: EventKeys): Promise<EventKeys> {
    const out: EventKeys = { orders: [], tracking: [] };
    for (const [shop, ids] of groupByShop(among.orders, (o) => o.orderId)) {
      const rows = await this.db.selectFrom("events").select("order_key").distinct().where("shop", "=", shop).where(this.#isOneOf("order_key", ids)).where("occurred_at", "<", at).execute();
      for (const r of rows) out.orders.push({ shop, orderId: r.order_key! });
    }
    for (const [shop, numbers] of groupByShop(among.tracking, (t) => t.trackingNumber)) {
      const rows = await this.db.selectFrom("events").select("tracking_key").distinct().where("shop", "=", shop).where(this.#isOneOf("tracking_key", numbers)).where("occurred_at", "<", at).execute();
      for (const r of rows) out.tracking.push({ shop, trackingNumber: r.tracking_key! });
    }
    return out;
  }

  async stepsOfEvents(ids: readonly string[]): Promise<Array<{ id: string; step: number }>> {
    const out: Array<{ id: string; step: number }> = [];
    if (ids.length === 0) return out;
    const rows = await this.db.selectFrom("events").select(["id", "seq", "projected_batch"]).where(this.#isOneOf("id", [...new Set(ids)])).execute();
    for (const r of rows) out.push({ id: r.id, step: Number(r.projected_batch ?? r.seq) });
    return out;
  }

  async firstStepsOfOrders(orders: readonly OrderKey[]): Promise<Array<OrderKey & { step: number }>> {
    const out: Array<OrderKey & { step: number }> = [];
    for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
      const rows = await this.db
        .selectFrom("events")
        .select((eb) => ["order_key", eb.fn.min(eb.fn.coalesce("projected_batch", "seq")).as("step")])
        .where("shop", "=", shop)
        .where(this.#isOneOf("order_key", ids))
        .groupBy("order_key")
        .execute();
      for (const r of rows) out.push({ shop, orderId: r.order_key!, step: Number(r.step) });
    }
    return out;
  }

  async earliestEventAt(): Promise<string | null> {
    const row = await this.db.selectFrom("events").select((eb) => eb.fn.min("occurred_at").as("first")).executeTakeFirst();
    return row?.first ?? null;
  }

  async getRawBody(id: string): Promise<RawBody | null> {
    const row = await this.db.selectFrom("raw_bodies").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? rawBodyFromRow(row) : null;
  }

  async orderForTracking(shop: string, trackingNumber: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("tracking_links")
      .select("order_id")
      .where("shop", "=", shop)
      .where("tracking_number", "=", trackingNumber)
      .executeTakeFirst();
    return row?.order_id ?? null;
  }

  async ordersForTracking(keys: readonly TrackingKey[]): Promise<Array<TrackingKey & { orderId: string }>> {
    const out: Array<TrackingKey & { orderId: string }> = [];
    for (const [shop, numbers] of groupByShop(keys, (k) => k.trackingNumber)) {
      const rows = await this.db.selectFrom("tracking_links").select(["tracking_number", "order_id"]).where("shop", "=", shop).where(this.#isOneOf("tracking_number", numbers)).execute();
      for (const r of rows) out.push({ shop, trackingNumber: r.tracking_number, orderId: r.order_id });
    }
    return out;
  }

  /**
   * Within one write, timers are cleared before they are set (a write that disarms and re-arms a
   * timer leaves it armed) and holds are placed before they are released.
   */
  async applyProjection(write: ProjectionWrite): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await upsertJourneys(trx, write.journeys);
      await upsertTrackingLinks(trx, write.trackingLinks);
      for (const t of write.timersCleared) {
        await trx.deleteFrom("timers").where("shop", "=", t.shop).where("order_id", "=", t.orderId).where("name", "=", t.name).execute();
      }
      await upsertTimers(trx, write.timersSet);
      await insertDecisions(trx, write.decisions);
      await insertOutbox(trx, write.outbox);
      for (const hold of write.holdsPlaced) await placeHold(trx, hold);
      for (const release of write.holdsReleased) await releaseHold(trx, release);
      await upsertRuns(trx, write.runs);
      await writeOrderRefs(trx, write.orderRefs ?? []);
      await writeTickets(trx, write.tickets ?? []);
      // A live step names itself on the events it marks: one update of each row, not two.
      const own = write.batches?.length === 1 && write.batches[0]!.eventIds === write.projectedEventIds ? write.batches[0]!.projectedIn : null;
      const marked = own ? { projected: 1 as const, projected_batch: own.batch, projected_through: own.through } : { projected: 1 as const };
      for (const ids of chunks(write.projectedEventIds)) {
        await trx.updateTable("events").set(marked).where("id", "in", ids).execute();
      }
      for (const { eventIds, projectedIn } of own ? [] : (write.batches ?? [])) {
        for (const ids of chunks(eventIds)) {
          await trx.updateTable("events").set({ projected_batch: projectedIn.batch, projected_through: projectedIn.through }).where("id", "in", ids).execute();
        }
      }
    });
  }

  async getJourney(shop: string, orderId: string): Promise<Journey | null> {
    const row = await this.db.selectFrom("journeys").select("data").where("shop", "=", shop).where("order_id", "=", orderId).executeTakeFirst();
    return row ? journeyFromRow(row) : null;
  }

  /** Most recently changed first (by source time). */
  async listJourneys(shop?: string, limit?: number): Promise<Journey[]> {
    const rows = await this.db
      .selectFrom("journeys")
      .select("data")
      .$if(shop !== undefined, (qb) => qb.where("shop", "=", shop!))
      .orderBy("as_of", "desc")
      .orderBy("order_id")
      .$if(limit !== undefined, (qb) => qb.limit(limit!))
      .execute();
    return rows.map(journeyFromRow);
  }

  async journeyDigests(limit: number): Promise<JourneyDigest[]> {
    const rows = await this.db
      .selectFrom("journeys")
      // The journey's JSON only on a row written before its digest was kept.
      .select((eb) => ["shop", "order_id", "digest", eb.case().when("digest", "is", null).then(eb.ref("data")).end().as("data")])
      .orderBy("as_of", "desc")
      .orderBy("order_id")
      .limit(limit)
      .execute();
    return rows.map(journeyDigestFromRow);
  }

  async journeysFor(orders: readonly OrderKey[]): Promise<Journey[]> {
    const out: Journey[] = [];
    for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
      for (const row of await this.db.selectFrom("journeys").select("data").where("shop", "=", shop).where(this.#isOneOf("order_id", ids)).execute()) out.push(journeyFromRow(row));
    }
    return out;
  }

  async customerKeysOf(orders: readonly OrderKey[]): Promise<CustomerOrder[]> {
    const out: CustomerOrder[] = [];
    for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
      // Orders without a customer are left out here, not in SQL: a range on customer_key would let SQLite walk the shop's customer index instead of the orders asked for.
      const rows = await this.db.selectFrom("journeys").select(["order_id", "customer_key"]).where("shop", "=", shop).where(this.#isOneOf("order_id", ids)).execute();
      for (const row of rows) if (row.customer_key !== null) out.push({ shop, orderId: row.order_id, customerKey: row.customer_key });
    }
    return out;
  }

  async ordersOfCustomers(shop: string, customerKeys: readonly string[]): Promise<CustomerOrder[]> {
    const out: CustomerOrder[] = [];
    if (customerKeys.length === 0) return out;
    const rows = await this.db.selectFrom("journeys").select(["order_id", "customer_key"]).where("shop", "=", shop).where(this.#isOneOf("customer_key", [...new Set(customerKeys)])).execute();
    for (const row of rows) out.push({ shop, orderId: row.order_id, customerKey: row.customer_key! });
    return out;
  }

  async countOrdersForCustomer(shop: string, customerKey: string): Promise<number> {
    const row = await this.db
      .selectFrom("journeys")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("shop", "=", shop)
      .where("customer_key", "=", customerKey)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async counts(): Promise<StoreCounts> {
    const orders = await this.db.selectFrom("journeys").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    const outbox = await this.db.selectFrom("outbox").select((eb) => ["status", eb.fn.countAll().as("n")]).groupBy("status").execute();
    const runs = await this.db.selectFrom("flow_runs").select((eb) => ["status", eb.fn.countAll().as("n")]).groupBy("status").execute();
    return {
      orders: Number(orders.n),
      outboxByStatus: Object.fromEntries(outbox.map((r) => [r.status, Number(r.n)])),
      runsByStatus: Object.fromEntries(runs.map((r) => [r.status, Number(r.n)])),
    };
  }

  async decisionsForOrder(shop: string, orderId: string): Promise<Decision[]> {
    const rows = await this.db
      .selectFrom("decisions")
      .select("data")
      .where("shop", "=", shop)
      .where("order_id", "=", orderId)
      .orderBy("decided_at")
      .orderBy("id")
      .execute();
    return rows.map(decisionFromRow);
  }

  async holdsForCustomers(shop: string, customerKeys: readonly string[]): Promise<Hold[]> {
    const out: Hold[] = [];
    if (customerKeys.length === 0) return out;
    const rows = await this.db.selectFrom("holds").selectAll().where("shop", "=", shop).where(this.#isOneOf("customer_key", [...new Set(customerKeys)])).orderBy("placed_at").orderBy("shipment_key").execute();
    pushAll(out, rows.map(holdFromRow));
    return out;
  }

  async holdsForCustomer(shop: string, customerKey: string): Promise<Hold[]> {
    const rows = await this.db
      .selectFrom("holds")
      .selectAll()
      .where("shop", "=", shop)
      .where("customer_key", "=", customerKey)
      .orderBy("placed_at")
      .orderBy("shipment_key")
      .execute();
    return rows.map(holdFromRow);
  }

  async dueTimers(now: string, limit: number): Promise<Timer[]> {
    const rows = await this.db
      .selectFrom("timers")
      .selectAll()
      .where("due_at", "<=", now)
      .orderBy("due_at")
      .orderBy("shop")
      .orderBy("order_id")
      .orderBy("name")
      .limit(limit)
      .execute();
    return rows.map(timerFromRow);
  }

  async deleteTimer(timer: Timer): Promise<void> {
    await this.db
      .deleteFrom("timers")
      .where("shop", "=", timer.shop)
      .where("order_id", "=", timer.orderId)
      .where("name", "=", timer.name)
      .where("due_at", "=", timer.dueAt)
      .execute();
  }

  /**
   * PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent dispatchers never claim the same row.
   * SQLite: the select and update share one transaction on the single writer connection.
   */
  async claimOutbox(now: string, limit: number, claimedBy: string, leaseUntil: string): Promise<OutboxAction[]> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("outbox")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .orderBy("next_attempt_at")
        .orderBy("created_at")
        .orderBy("id")
        .limit(limit)
        .$if(this.capabilities.skipLocked, (qb) => qb.forUpdate().skipLocked())
        .execute();
      if (due.length === 0) return [];
      const ids = due.map((r) => r.id);
      // By id alone: the rows just read are still pending in this transaction (PostgreSQL holds them
      // locked; SQLite has one writer, and a transaction whose read another writer overtook fails
      // rather than writing). With `status = 'pending'` here too, SQLite, which keeps no statistics,
      // walked every pending action on the status index instead of looking up the batch's ids:
      // 22–25 ms per claim with 21,000 pending (quiet hours, a paced channel), 1.3–1.8 ms by id.
      const rows = await trx
        .updateTable("outbox")
        .set({ status: "in_flight", claimed_by: claimedBy, lease_until: leaseUntil, updated_at: now })
        .where("id", "in", ids)
        .returningAll()
        .execute();
      const position = new Map(ids.map((id, i) => [id, i]));
      return rows.map(outboxFromRow).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    });
  }

  async markDelivered(id: string, at: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set((eb) => ({ status: "delivered", attempts: eb("attempts", "+", 1), delivered_at: at, claimed_by: null, lease_until: null, updated_at: at }))
      .where("id", "=", id)
      .execute();
  }

  async markRetry(id: string, nextAttemptAt: string, error: string, at: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set((eb) => ({
        status: "pending",
        attempts: eb("attempts", "+", 1),
        next_attempt_at: nextAttemptAt,
        last_error: error,
        claimed_by: null,
        lease_until: null,
        updated_at: at,
      }))
      .where("id", "=", id)
      .execute();
  }

  async markDead(id: string, error: string, at: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set((eb) => ({ status: "dead", attempts: eb("attempts", "+", 1), last_error: error, claimed_by: null, lease_until: null, updated_at: at }))
      .where("id", "=", id)
      .execute();
  }

  /** Keeps `attempts` and `last_error` as history; the dispatcher decides what a manual retry is allowed. */
  async requeue(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("outbox")
      .set({ status: "pending", next_attempt_at: at, claimed_by: null, lease_until: null, updated_at: at })
      .where("id", "=", id)
      .where("status", "in", REQUEUEABLE)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deferOutbox(id: string, until: string, reason: string, at: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set({ status: "pending", next_attempt_at: until, last_error: reason, claimed_by: null, lease_until: null, updated_at: at })
      .where("id", "=", id)
      .execute();
  }

  async markSkipped(id: string, reason: string, at: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set({ status: "skipped", last_error: reason, claimed_by: null, lease_until: null, updated_at: at })
      .where("id", "=", id)
      .execute();
  }

  async recordPromise(p: DeliveryPromise): Promise<void> {
    await this.db
      .insertInto("delivery_promises")
      .values({ source_key: p.sourceKey, shop: p.shop, order_id: p.orderId, shipment_key: p.shipmentKey, promised_by: p.promisedBy, metric: p.metric, told_at: p.toldAt })
      .onConflict((oc) => oc.column("source_key").doNothing())
      .execute();
  }

  async promisesForOrder(shop: string, orderId: string): Promise<DeliveryPromise[]> {
    const rows = await this.db.selectFrom("delivery_promises").selectAll().where("shop", "=", shop).where("order_id", "=", orderId).orderBy("told_at").orderBy("source_key").execute();
    return rows.map((r) => ({ shop: r.shop, orderId: r.order_id, shipmentKey: r.shipment_key, promisedBy: r.promised_by, metric: r.metric, toldAt: r.told_at, sourceKey: r.source_key }));
  }

  async cancelOutbox(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("outbox")
      .set({ status: "cancelled", claimed_by: null, lease_until: null, updated_at: at })
      .where("id", "=", id)
      .where("status", "in", ["pending", "awaiting_review", "dead"])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Attempts are not bumped: a crash is not the connector's failure. */
  async recoverInFlight(currentBoot: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable("outbox")
      .set({ status: "pending", claimed_by: null, lease_until: null, updated_at: at })
      .where("status", "=", "in_flight")
      .where((eb) => eb.or([eb("claimed_by", "is", null), eb("claimed_by", "!=", currentBoot)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Oldest first: by creation, or by last update when asked for what changed since (`updatedAfter`).
   * SQLite keeps no statistics and takes an index that saves it a sort over a more selective one,
   * so two terms are written where no index can use them when a better one is at hand:
   * - with an order, the update instant and the order of update: the order's few actions, not
   *   every action the shop changed since (the send guard asks this of each of a customer's orders);
   * - with a status other than the one most actions end in (`MOST_ACTIONS_STATUS`), the shop: that
   *   status's actions, not every action the shop ever sent (the guard's messages going out now,
   *   the review queue, the dead letters);
   * - a page of actions (the API's), of a shop or of delivered ones, with nothing else asked: the
   *   shop and the status, so the page is read on the creation index, not by sorting every action
   *   found (as `listRuns`).
   */
  async listOutbox(query: OutboxQuery): Promise<OutboxAction[]> {
    const byOrder = query.orderId !== undefined;
    const mostStatus = query.status === undefined || MOST_ACTIONS_STATUS.has(query.status);
    const page = !byOrder && mostStatus && query.channel === undefined && query.updatedAfter === undefined;
    // A page walks the creation index; any other status is read on its own index.
    const shopUnindexed = page || (!byOrder && !mostStatus);
    const rows = await this.db
      .selectFrom("outbox")
      .selectAll()
      .$if(query.status !== undefined, (qb) => qb.where(page ? unindexed("status") : "status", "=", query.status!))
      .$if(query.orderId !== undefined, (qb) => qb.where("order_id", "=", query.orderId!))
      .$if(query.shop !== undefined, (qb) => qb.where(shopUnindexed ? unindexed("shop") : "shop", "=", query.shop!))
      .$if(query.channel !== undefined, (qb) => qb.where("channel", "=", query.channel!))
      .$if(query.updatedAfter !== undefined, (qb) => qb.where(byOrder ? unindexed("updated_at") : "updated_at", ">=", query.updatedAfter!))
      // What changed since an instant is read by update, on the indexes that hold it in that order
      // (an order's few actions are sorted as they are: that index would walk the shop's).
      .orderBy(query.updatedAfter === undefined ? "created_at" : byOrder ? unindexed("updated_at") : "updated_at")
      .orderBy("id")
      .$if(query.limit !== undefined, (qb) => qb.limit(query.limit!))
      .execute();
    return rows.map(outboxFromRow);
  }

  async getOutbox(id: string): Promise<OutboxAction | null> {
    const row = await this.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? outboxFromRow(row) : null;
  }

  async recordReviewDecision(d: ReviewDecision, closesOutboxId?: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (closesOutboxId !== undefined) {
        const closed = await trx
          .updateTable("outbox")
          .set({ status: d.decision === "reject" ? "cancelled" : "delivered", delivered_at: d.decision === "reject" ? null : d.at, claimed_by: null, lease_until: null, updated_at: d.at })
          .where("id", "=", closesOutboxId)
          .where("status", "=", "awaiting_review")
          .executeTakeFirst();
        if (Number(closed.numUpdatedRows) === 0) return false;
      }
      await trx
        .insertInto("review_decisions")
        .values({ id: d.id, shop: d.shop, item_id: d.itemId, item_kind: d.itemKind, decision: d.decision, decided_by: d.by, decided_at: d.at, note: d.note, edited: d.edited === null ? null : JSON.stringify(d.edited) })
        .execute();
      return true;
    });
  }

  async listReviewDecisions(query: { shop?: string; itemId?: string; limit: number }): Promise<ReviewDecision[]> {
    let q = this.db.selectFrom("review_decisions").selectAll();
    if (query.shop !== undefined) q = q.where("shop", "=", query.shop);
    if (query.itemId !== undefined) q = q.where("item_id", "=", query.itemId);
    const rows = await q.orderBy("decided_at", "desc").orderBy("id", "desc").limit(query.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      shop: r.shop,
      itemId: r.item_id,
      itemKind: r.item_kind as ReviewDecision["itemKind"],
      decision: r.decision as ReviewDecision["decision"],
      by: r.decided_by,
      at: r.decided_at,
      note: r.note,
      edited: r.edited === null ? null : (JSON.parse(r.edited) as unknown),
    }));
  }

  async getRun(id: string): Promise<FlowRun | null> {
    const row = await this.db.selectFrom("flow_runs").select(["data", "flow_hash"]).where("id", "=", id).executeTakeFirst();
    return row ? ((await this.#definitions.runsFrom(this.db, [row]))[0] ?? null) : null;
  }

  /**
   * Newest first. A page of runs with no order or flow asked for (the API's), of a shop or of a
   * status most runs end in (`MOST_RUNS_STATUS`), is read on the recency index, the shop and the
   * status checked on the way: SQLite (no statistics) otherwise took the shop's or the status's
   * index and sorted every run it found to hand back the first page (20 ms for a shop's, 46 ms for
   * its completed runs, at 22,875 runs, growing with the store). A rare status (waiting for a
   * person, the review queue's) stays on its index. A shop with few runs among other shops' many
   * walks theirs instead; Firebreak serves a shop or two.
   */
  async listRuns(query: RunQuery): Promise<FlowRun[]> {
    const page = query.orderId === undefined && query.flowId === undefined && (query.status === undefined || MOST_RUNS_STATUS.has(query.status));
    const rows = await this.db
      .selectFrom("flow_runs")
      .select(["data", "flow_hash"])
      .$if(query.shop !== undefined, (qb) => qb.where(page ? unindexed("shop") : "shop", "=", query.shop!))
      .$if(query.orderId !== undefined, (qb) => qb.where("order_id", "=", query.orderId!))
      .$if(query.flowId !== undefined, (qb) => qb.where("flow_id", "=", query.flowId!))
      .$if(query.status !== undefined, (qb) => qb.where(page ? unindexed("status") : "status", "=", query.status!))
      .$if(query.startedAfter !== undefined, (qb) => qb.where("started_at", ">", query.startedAfter!))
      .orderBy("started_at", "desc")
      .orderBy("id")
      .limit(query.limit ?? 200)
      .execute();
    return this.#definitions.runsFrom(this.db, rows);
  }

  recordsForOrders(orders: readonly OrderKey[]): Promise<OrderRecords> {
    return readOrderRecords(this.db, this.#definitions, this.capabilities.dialect, orders);
  }

  outcomesForOrders(orders: readonly OrderKey[]): Promise<OrderOutcomes> {
    return readOrderOutcomes(this.db, this.#definitions, this.capabilities.dialect, orders);
  }

  getRuns(ids: readonly string[]): Promise<FlowRun[]> {
    return readRuns(this.db, this.#definitions, this.capabilities.dialect, ids);
  }

  async countRuns(query: { shop: string; flowId: string; startedAfter: string; limitKey?: string }): Promise<number> {
    const row = await this.db
      .selectFrom("flow_runs")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("shop", "=", query.shop)
      .where("flow_id", "=", query.flowId)
      .$if(query.limitKey !== undefined, (qb) => qb.where("limit_key", "=", query.limitKey!))
      .where("started_at", ">", query.startedAfter)
      .where("status", "!=", "skipped")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async openRunsForOrder(shop: string, orderId: string): Promise<FlowRun[]> {
    const rows = await this.db
      .selectFrom("flow_runs")
      .select(["data", "flow_hash"])
      .where("shop", "=", shop)
      .where("order_id", "=", orderId)
      .where("status", "in", ["running", "waiting", "awaiting_approval"])
      .orderBy("started_at")
      .orderBy("id")
      .execute();
    return this.#definitions.runsFrom(this.db, rows);
  }

  async saveRun(run: FlowRun, outbox: Array<NewOutboxAction & { id: string }>, timers: Timer[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await upsertRuns(trx, [run]);
      await insertOutbox(trx, outbox);
      await upsertTimers(trx, timers);
    });
  }

  async resetProjections(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("journeys").execute();
      await trx.deleteFrom("tracking_links").execute();
      // Timers of waiting flow runs are not derived from the log: the runs that own them are kept.
      await trx.deleteFrom("timers").where("name", "not like", "flow:%").execute();
      await trx.deleteFrom("holds").execute();
      await trx.deleteFrom("decisions").execute();
      await clearTickets(trx);
      await trx.updateTable("events").set({ projected: 0 }).where("projected", "!=", 0).execute();
    });
  }

  getTicket(shop: string, helpdesk: string, ticketId: string): Promise<Ticket | null> {
    return readTicket(this.db, shop, helpdesk, ticketId);
  }

  ordersOfTickets(shop: string, tickets: readonly TicketRef[]): Promise<Array<TicketRef & { orderId: string }>> {
    return queryOrdersOfTickets(this.db, shop, tickets);
  }

  listTickets(query: TicketQuery): Promise<TicketSummary[]> {
    return queryTickets(this.db, query);
  }

  ordersByName(shop: string, names: readonly string[]): Promise<OrderRef[]> {
    return queryOrdersByName(this.db, shop, names);
  }

  ordersByEmail(shop: string, email: string): Promise<OrderRef[]> {
    return queryOrdersByEmail(this.db, shop, email);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

type Trx = Transaction<Database>;

function ticketKeyOfEvent(payload: NormalizedPayload): string | null {
  const t = ticketOf(payload);
  return t === null ? null : ticketKey(t);
}

function eventRow(delivery: Delivery) {
  const { event, raw } = delivery;
  // Key order is parameter order in the compiled statement: keep it fixed.
  return {
    id: delivery.eventId,
    shop: event.shop,
    source: event.source,
    topic: event.topic,
    occurred_at: event.occurredAt,
    received_at: delivery.receivedAt,
    delivery_id: event.deliveryId,
    order_key: event.orderKey,
    tracking_key: event.trackingKey,
    payload: JSON.stringify(event.payload),
    raw_body_id: raw.id,
    ticket_key: ticketKeyOfEvent(event.payload),
  };
}

function rawBodyRow(raw: RawBody) {
  return { id: raw.id, shop: raw.shop, source: raw.source, topic: raw.topic, received_at: raw.receivedAt, headers: JSON.stringify(raw.headers), body: raw.body };
}

/** The append statements, compiled once per store: building them per webhook cost more than the insert. */
interface AppendStatements {
  event: string;
  rawBody: string;
}

function compileAppendStatements(db: Kysely<Database>): AppendStatements {
  const sample: Delivery = {
    eventId: "",
    receivedAt: "",
    event: { shop: "", source: "shopify", topic: "", occurredAt: "", deliveryId: "", orderKey: null, trackingKey: null, payload: { kind: "ignored", topic: "" } },
    raw: { id: "", shop: "", source: "shopify", topic: "", receivedAt: "", headers: {}, body: Buffer.alloc(0) },
  };
  return {
    event: db
      .insertInto("events")
      .values(eventRow(sample))
      .onConflict((oc) => oc.columns(["shop", "source", "delivery_id"]).doNothing())
      .returning("seq")
      .compile().sql,
    rawBody: db.insertInto("raw_bodies").values(rawBodyRow(sample.raw)).compile().sql,
  };
}

/** The event row first: only a new event keeps its raw body. */
async function appendOne(trx: Trx, statements: AppendStatements, delivery: Delivery): Promise<AppendResult> {
  const { event, raw } = delivery;
  const inserted = await trx.executeQuery<{ seq: number | string }>(CompiledQuery.raw(statements.event, Object.values(eventRow(delivery))));
  const seq = inserted.rows[0]?.seq;
  if (seq === undefined) {
    const existing = await trx
      .selectFrom("events")
      .select("id")
      .where("shop", "=", event.shop)
      .where("source", "=", event.source)
      .where("delivery_id", "=", event.deliveryId)
      .executeTakeFirstOrThrow();
    return { status: "duplicate", eventId: existing.id };
  }
  await trx.executeQuery(CompiledQuery.raw(statements.rawBody, Object.values(rawBodyRow(raw))));
  return { status: "stored", eventId: delivery.eventId, seq: Number(seq) };
}

/** Each run's definition goes to `flow_definitions` (once), in the same transaction as the run. */
async function upsertRuns(trx: Trx, runs: FlowRun[]): Promise<void> {
  const latest = lastPerKey(runs, (r) => [r.id]);
  const stored = await writeDefinitions(trx, latest);
  const rows = latest.map((r, i) => ({ ...runColumns(r), ...stored[i]! }));
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto("flow_runs")
      .values(chunk)
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          wait_event: eb.ref("excluded.wait_event"),
          updated_at: eb.ref("excluded.updated_at"),
          data: eb.ref("excluded.data"),
          flow_hash: eb.ref("excluded.flow_hash"),
          outcome: eb.ref("excluded.outcome"),
        })),
      )
      .execute();
  }
}

async function upsertJourneys(trx: Trx, journeys: Journey[]): Promise<void> {
  const rows = lastPerKey(journeys.map(journeyToRow), (r) => [r.shop, r.order_id]);
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto("journeys")
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(["shop", "order_id"]).doUpdateSet((eb) => ({
          customer_key: eb.ref("excluded.customer_key"),
          email: eb.ref("excluded.email"),
          created_at: eb.ref("excluded.created_at"),
          as_of: eb.ref("excluded.as_of"),
          data: eb.ref("excluded.data"),
          digest: eb.ref("excluded.digest"),
        })),
      )
      .execute();
  }
}

async function upsertTrackingLinks(trx: Trx, links: ProjectionWrite["trackingLinks"]): Promise<void> {
  const rows = lastPerKey(
    links.map((l) => ({ shop: l.shop, tracking_number: l.trackingNumber, order_id: l.orderId })),
    (r) => [r.shop, r.tracking_number],
  );
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto("tracking_links")
      .values(chunk)
      .onConflict((oc) => oc.columns(["shop", "tracking_number"]).doUpdateSet((eb) => ({ order_id: eb.ref("excluded.order_id") })))
      .execute();
  }
}

async function upsertTimers(trx: Trx, timers: Timer[]): Promise<void> {
  const rows = lastPerKey(
    timers.map((t) => ({ shop: t.shop, order_id: t.orderId, name: t.name, due_at: t.dueAt })),
    (r) => [r.shop, r.order_id, r.name],
  );
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto("timers")
      .values(chunk)
      .onConflict((oc) => oc.columns(["shop", "order_id", "name"]).doUpdateSet((eb) => ({ due_at: eb.ref("excluded.due_at") })))
      .execute();
  }
}

/** Decision ids are deterministic: a replayed decision is already there. */
async function insertDecisions(trx: Trx, decisions: Decision[]): Promise<void> {
  for (const chunk of chunks(decisions.map(decisionToRow))) {
    await trx.insertInto("decisions").values(chunk).onConflict((oc) => oc.column("id").doNothing()).execute();
  }
}

/** The idempotency key is the guarantee that a replay never sends twice. */
async function insertOutbox(trx: Trx, actions: ProjectionWrite["outbox"]): Promise<void> {
  const rows = actions.map((a) => ({
    id: a.id,
    idempotency_key: a.idempotencyKey,
    shop: a.shop,
    channel: a.channel,
    order_id: a.orderId,
    decision_id: a.decisionId,
    payload: JSON.stringify(a.payload),
    status: a.status,
    attempts: 0,
    next_attempt_at: a.createdAt,
    created_at: a.createdAt,
    updated_at: a.createdAt,
  }));
  for (const chunk of chunks(rows)) {
    await trx.insertInto("outbox").values(chunk).onConflict((oc) => oc.column("idempotency_key").doNothing()).execute();
  }
}

/**
 * One hold per (shop, customer, shipment). While open, the earliest placement wins (its time,
 * order and reason), so replays and repeated signals do not move it. Once released it stays
 * released, unless a placement comes whose `placedAt` is later than the release: that is a new
 * hold, and it reopens the row with the new placement.
 */
async function placeHold(trx: Trx, hold: Hold): Promise<void> {
  await trx
    .insertInto("holds")
    .values({
      shop: hold.shop,
      customer_key: hold.customerKey,
      shipment_key: hold.shipmentKey,
      order_id: hold.orderId,
      reason: hold.reason,
      placed_at: hold.placedAt,
      released_at: hold.releasedAt,
      release_reason: hold.releaseReason,
    })
    .onConflict((oc) =>
      oc
        .columns(["shop", "customer_key", "shipment_key"])
        .doUpdateSet((eb) => {
          const takeNew = eb.or([eb("holds.released_at", "is not", null), eb("excluded.placed_at", "<", eb.ref("holds.placed_at"))]);
          const pick = (col: "placed_at" | "order_id" | "reason") =>
            eb.case().when(takeNew).then(eb.ref(`excluded.${col}`)).else(eb.ref(`holds.${col}`)).end();
          return {
            placed_at: pick("placed_at"),
            order_id: pick("order_id"),
            reason: pick("reason"),
            released_at: null,
            release_reason: null,
          };
        })
        .where((eb) => eb.or([eb("holds.released_at", "is", null), eb("excluded.placed_at", ">", eb.ref("holds.released_at"))])),
    )
    .execute();
}

/** Closes an open hold; a release older than the placement (out-of-order replay) does not close a newer hold. */
async function releaseHold(trx: Trx, release: ProjectionWrite["holdsReleased"][number]): Promise<void> {
  await trx
    .updateTable("holds")
    .set({ released_at: release.releasedAt, release_reason: release.reason })
    .where("shop", "=", release.shop)
    .where("customer_key", "=", release.customerKey)
    .where("shipment_key", "=", release.shipmentKey)
    .where("released_at", "is", null)
    .where("placed_at", "<=", release.releasedAt)
    .execute();
}

/** PostgreSQL refuses to upsert one key twice in a statement: keep the last write per key. */
function lastPerKey<T>(rows: T[], key: (row: T) => string[]): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = JSON.stringify(key(row));
    byKey.delete(k);
    byKey.set(k, row);
  }
  return [...byKey.values()];
}
