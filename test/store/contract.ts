import type { Journey, Shipment } from "../../src/core/journey.js";
import { journeyDigestOf } from "../../src/core/journey-digest.js";
import { shipment } from "../flows/catalog/flow-context.js";
import { afterEach, expect, it } from "vitest";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import type { MigrateResult } from "../../src/store/migrations/index.js";
import type { Delivery, Store } from "../../src/store/port.js";
import {
  BIG_CUSTOMER_ID,
  BIG_ORDER_ID,
  SHOP,
  action,
  decision,
  delivery,
  hold,
  journey,
  orderPayload,
  run,
  timer,
  ticketMessagePayload,
  trackingPayload,
  write,
} from "./builders.js";

/** How the contract reaches one backend. */
export interface StoreTarget<S extends Store = KyselyStore> {
  /** A fresh, empty, migrated store of its own. */
  open(): Promise<S>;
  /** Another handle on the same database as `store`, opened as a second process would (SQL backends only). */
  openSibling?(store: S): Promise<S>;
  /** Runs the migrations again on the store's database (SQL backends only: a memory store has no schema). */
  remigrate?(store: S): Promise<MigrateResult>;
}

const T0 = "2026-03-05T10:00:00.000Z";
const T1 = "2026-03-05T10:01:00.000Z";
const T2 = "2026-03-05T10:02:00.000Z";
const LATER = "2026-03-06T00:00:00.000Z";

/** The behaviour every Store adapter must show. Call inside a `describe`. */
export function storeContract<S extends Store>(target: StoreTarget<S>): void {
  const opened: S[] = [];
  const open = async (): Promise<S> => {
    const store = await target.open();
    opened.push(store);
    return store;
  };
  const sibling = async (store: S): Promise<S> => {
    if (!target.openSibling) throw new Error("this backend has no second connection");
    const other = await target.openSibling(store);
    opened.push(other);
    return other;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it("appends a batch and reports one result per delivery, in order, with increasing seq", async () => {
    const store = await open();
    const batch = [delivery(), delivery(), delivery()];
    const results = await store.append(batch);
    expect(results.map((r) => r.status)).toEqual(["stored", "stored", "stored"]);
    expect(results.map((r) => r.eventId)).toEqual(batch.map((d) => d.eventId));
    const seqs = results.map((r) => (r.status === "stored" ? r.seq : -1));
    expect(seqs[0]!).toBeLessThan(seqs[1]!);
    expect(seqs[1]!).toBeLessThan(seqs[2]!);

    const events = await store.listEvents({ shop: SHOP });
    expect(events.map((e) => e.id)).toEqual(batch.map((d) => d.eventId));
    const [first] = events;
    expect(first).toEqual({ ...batch[0]!.event, id: batch[0]!.eventId, seq: seqs[0], receivedAt: batch[0]!.receivedAt, rawBodyId: batch[0]!.raw.id });
  });

  it("dedupes on (shop, source, delivery id) across batches and within one batch, keeping no raw body for a duplicate", async () => {
    const store = await open();
    const original = delivery({ deliveryId: "d-1" });
    await store.append([original]);

    const again = delivery({ deliveryId: "d-1" });
    const otherSource = delivery({ deliveryId: "d-1", source: "easypost" });
    const otherShop = delivery({ deliveryId: "d-1", shop: "other.myshopify.com" });
    const fresh = delivery({ deliveryId: "d-2" });
    const freshAgain = delivery({ deliveryId: "d-2" });
    const results = await store.append([again, otherSource, otherShop, fresh, freshAgain]);

    expect(results).toEqual([
      { status: "duplicate", eventId: original.eventId },
      expect.objectContaining({ status: "stored", eventId: otherSource.eventId }),
      expect.objectContaining({ status: "stored", eventId: otherShop.eventId }),
      expect.objectContaining({ status: "stored", eventId: fresh.eventId }),
      { status: "duplicate", eventId: fresh.eventId },
    ]);
    expect(await store.getRawBody(again.raw.id)).toBeNull();
    expect(await store.getRawBody(freshAgain.raw.id)).toBeNull();
    expect(await store.getRawBody(original.raw.id)).not.toBeNull();
    expect(await store.listEvents({})).toHaveLength(4);
  });

  it("keeps raw bodies byte for byte, invalid UTF-8 included", async () => {
    const store = await open();
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0x80, 0x7d]);
    const d = delivery({ body: bytes });
    await store.append([d]);
    const raw = await store.getRawBody(d.raw.id);
    expect(raw).not.toBeNull();
    expect(Buffer.isBuffer(raw!.body)).toBe(true);
    expect(raw!.body.equals(bytes)).toBe(true);
    expect(raw).toEqual({ ...d.raw, body: raw!.body });
    expect(await store.getRawBody("no-such-body")).toBeNull();
  });

  it("writes nothing when any delivery of a batch fails", async () => {
    const store = await open();
    const good = delivery();
    const bad = delivery();
    const broken: Delivery = { ...bad, event: { ...bad.event, shop: null as unknown as string } };
    await expect(store.append([good, broken])).rejects.toThrow();
    expect(await store.listEvents({})).toEqual([]);
    expect(await store.getRawBody(good.raw.id)).toBeNull();

    const retried = await store.append([good]);
    expect(retried[0]?.status).toBe("stored");
  });

  it("lists unprojected events in arrival order until a projection marks them", async () => {
    const store = await open();
    const batch = [delivery(), delivery(), delivery()];
    await store.append(batch);
    expect((await store.unprojected(10)).map((e) => e.id)).toEqual(batch.map((d) => d.eventId));
    expect((await store.unprojected(2)).map((e) => e.id)).toEqual([batch[0]!.eventId, batch[1]!.eventId]);
    expect(await store.unprojectedIds()).toEqual(batch.map((d) => d.eventId));

    await store.applyProjection(write({ projectedEventIds: [batch[0]!.eventId, batch[2]!.eventId] }));
    expect((await store.unprojected(10)).map((e) => e.id)).toEqual([batch[1]!.eventId]);
    expect(await store.unprojectedIds()).toEqual([batch[1]!.eventId]);
  });

  it("keeps the step that folded each event, and hands it back with the event however it is read", async () => {
    const store = await open();
    const [a, b, c] = [delivery({ orderKey: "o-7" }), delivery({ orderKey: "o-7" }), delivery({ orderKey: "o-7" })];
    const stored = await store.append([a, b, c]);
    const seqs = stored.map((r) => (r.status === "stored" ? r.seq : 0));
    const step = { batch: seqs[1]!, through: seqs[2]! };
    await store.applyProjection(write({ projectedEventIds: [a.eventId, b.eventId], batches: [{ eventIds: [a.eventId, b.eventId], projectedIn: step }] }));
    // A step that did not decide (a rebuild) marks its events projected and names no step.
    await store.applyProjection(write({ projectedEventIds: [c.eventId] }));
    const steps = (events: Array<{ id: string; projectedIn?: unknown }>) => events.map((e) => [e.id, e.projectedIn]);
    const expected = [[a.eventId, step], [b.eventId, step], [c.eventId, undefined]];
    expect(steps(await store.eventsForOrder(SHOP, "o-7"))).toEqual(expected);
    expect(steps(await store.listEvents({}))).toEqual(expected);
    expect(steps(await store.listEventsBySourceTime("0000", "9999"))).toEqual(expected);
    expect(await store.unprojected(10)).toEqual([]);
    // Keys only: the step each event was folded in, or its own seq where none was kept; unknown ids left out.
    const byId = (rows: Array<{ id: string; step: number }>) => Object.fromEntries(rows.map((r) => [r.id, r.step]));
    expect(byId(await store.stepsOfEvents([a.eventId, c.eventId, "no-such-event", a.eventId]))).toEqual({ [a.eventId]: step.batch, [c.eventId]: seqs[2] });
    const other = delivery({ orderKey: "o-8" });
    const [otherStored] = await store.append([other, delivery({ shop: "other.myshopify.com", orderKey: "o-7" })]);
    const otherSeq = otherStored!.status === "stored" ? otherStored!.seq : 0;
    const first = await store.firstStepsOfOrders([{ shop: SHOP, orderId: "o-7" }, { shop: SHOP, orderId: "o-8" }, { shop: SHOP, orderId: "o-none" }]);
    expect([...first].sort((x, y) => x.orderId.localeCompare(y.orderId))).toEqual([
      { shop: SHOP, orderId: "o-7", step: step.batch },
      { shop: SHOP, orderId: "o-8", step: otherSeq },
    ]);
  });

  it("finds an order's events by order key and by tracking numbers linked to it", async () => {
    const store = await open();
    const order = delivery({ orderKey: "o-1" });
    const scan = delivery({ source: "easypost", orderKey: null, trackingKey: "1Z-LINKED", payload: trackingPayload("1Z-LINKED") });
    const otherScan = delivery({ source: "easypost", orderKey: null, trackingKey: "1Z-OTHER", payload: trackingPayload("1Z-OTHER") });
    const otherShop = delivery({ shop: "other.myshopify.com", orderKey: "o-1" });
    await store.append([order, scan, otherScan, otherShop]);

    expect((await store.eventsForOrder(SHOP, "o-1")).map((e) => e.id)).toEqual([order.eventId]);
    expect(await store.orderForTracking(SHOP, "1Z-LINKED")).toBeNull();

    await store.applyProjection(write({ trackingLinks: [{ shop: SHOP, trackingNumber: "1Z-LINKED", orderId: "o-1" }] }));
    expect((await store.eventsForOrder(SHOP, "o-1")).map((e) => e.id)).toEqual([order.eventId, scan.eventId]);
    expect(await store.orderForTracking(SHOP, "1Z-LINKED")).toBe("o-1");
    expect(await store.orderForTracking("other.myshopify.com", "1Z-LINKED")).toBeNull();
  });

  it("finds many orders' events at once, as eventsForOrder finds each's: by order key and linked tracking numbers, each order once, per shop", async () => {
    const store = await open();
    const events = [
      delivery({ orderKey: "o-1" }),
      delivery({ source: "easypost", orderKey: null, trackingKey: "1Z-A", payload: trackingPayload("1Z-A") }),
      delivery({ orderKey: "o-2" }),
      delivery({ source: "easypost", orderKey: null, trackingKey: "1Z-B", payload: trackingPayload("1Z-B") }),
      delivery({ orderKey: "o-1" }),
      delivery({ source: "easypost", orderKey: null, trackingKey: "1Z-NOBODY", payload: trackingPayload("1Z-NOBODY") }),
      delivery({ shop: "other.myshopify.com", orderKey: "o-1" }),
      // A scan that names its order and is linked to it too: once.
      delivery({ source: "easypost", orderKey: "o-2", trackingKey: "1Z-B", payload: trackingPayload("1Z-B") }),
    ];
    await store.append(events);
    await store.applyProjection(write({ trackingLinks: [{ shop: SHOP, trackingNumber: "1Z-A", orderId: "o-1" }, { shop: SHOP, trackingNumber: "1Z-B", orderId: "o-2" }] }));
    // More orders than one read takes, most with no events; one asked twice; another shop's.
    const many = Array.from({ length: 450 }, (_, i) => ({ shop: SHOP, orderId: `o-none-${i}` }));
    const asked = [{ shop: SHOP, orderId: "o-2" }, ...many, { shop: SHOP, orderId: "o-1" }, { shop: SHOP, orderId: "o-2" }, { shop: "other.myshopify.com", orderId: "o-1" }];
    const found = await store.eventsForOrders(asked);
    const byKey = new Map(found.map((o) => [`${o.shop} ${o.orderId}`, o.events.map((e) => e.id)]));
    expect(found).toHaveLength(453);
    for (const o of [...asked]) expect(byKey.get(`${o.shop} ${o.orderId}`)).toEqual((await store.eventsForOrder(o.shop, o.orderId)).map((e) => e.id));
    expect(byKey.get(`${SHOP} o-1`)).toEqual([events[0]!.eventId, events[1]!.eventId, events[4]!.eventId]);
    expect(byKey.get(`${SHOP} o-2`)).toEqual([events[2]!.eventId, events[3]!.eventId, events[7]!.eventId]);
    expect(byKey.get(`other.myshopify.com o-1`)).toEqual([events[6]!.eventId]);
    expect(await store.eventsForOrders([])).toEqual([]);
  });

  it("counts orders, outbox actions by status and runs by status across shops", async () => {
    const store = await open();
    expect(await store.counts()).toEqual({ orders: 0, outboxByStatus: {}, runsByStatus: {} });
    await store.applyProjection(
      write({
        journeys: [journey("o-1"), journey("o-2"), journey("o-1", { shop: "other.myshopify.com" })],
        outbox: [action("a-1"), action("a-2"), action("a-3", { status: "awaiting_review" }), action("a-4", { shop: "other.myshopify.com" })],
        runs: [run({ id: "r-1", status: "waiting" }), run({ id: "r-2", status: "completed" }), run({ id: "r-3", status: "completed", shop: "other.myshopify.com" })],
      }),
    );
    await store.markDelivered("a-2", LATER);
    expect(await store.counts()).toEqual({
      orders: 3,
      outboxByStatus: { pending: 2, delivered: 1, awaiting_review: 1 },
      runsByStatus: { waiting: 1, completed: 2 },
    });
  });

  it("links many tracking numbers to their orders in one call, each once, per shop, leaving out unlinked ones", async () => {
    const store = await open();
    const numbers = Array.from({ length: 1_203 }, (_, i) => `1Z-BULK-${i}`); // more than one read's worth
    await store.applyProjection(
      write({
        trackingLinks: [
          ...numbers.map((trackingNumber, i) => ({ shop: SHOP, trackingNumber, orderId: `o-${i % 7}` })),
          { shop: "other.myshopify.com", trackingNumber: "1Z-BULK-0", orderId: "o-elsewhere" },
        ],
      }),
    );
    const asked = [...numbers.map((trackingNumber) => ({ shop: SHOP, trackingNumber })), { shop: SHOP, trackingNumber: "1Z-BULK-5" }, { shop: SHOP, trackingNumber: "1Z-NOBODY" }, { shop: "other.myshopify.com", trackingNumber: "1Z-BULK-0" }, { shop: "third.myshopify.com", trackingNumber: "1Z-BULK-1" }];
    const found = await store.ordersForTracking(asked);
    const text = (l: { shop: string; trackingNumber: string; orderId: string }) => `${l.shop} ${l.trackingNumber} ${l.orderId}`;
    expect(found.map(text).sort()).toEqual([...numbers.map((n, i) => `${SHOP} ${n} o-${i % 7}`), "other.myshopify.com 1Z-BULK-0 o-elsewhere"].sort());
    for (const l of found.slice(0, 50)) expect(await store.orderForTracking(l.shop, l.trackingNumber)).toBe(l.orderId);
    expect(await store.ordersForTracking([])).toEqual([]);
  });

  it("filters listEvents by shop, order, tracking number, inclusive fromSeq and limit", async () => {
    const store = await open();
    const a = delivery({ orderKey: "o-a" });
    const b = delivery({ orderKey: "o-b", trackingKey: "TN-B" });
    const c = delivery({ shop: "other.myshopify.com", orderKey: "o-a" });
    const results = await store.append([a, b, c]);
    const seqOfB = results[1]!.status === "stored" ? results[1]!.seq : 0;

    expect((await store.listEvents({ shop: SHOP })).map((e) => e.id)).toEqual([a.eventId, b.eventId]);
    expect((await store.listEvents({ orderId: "o-a" })).map((e) => e.id)).toEqual([a.eventId, c.eventId]);
    expect((await store.listEvents({ trackingNumber: "TN-B" })).map((e) => e.id)).toEqual([b.eventId]);
    expect((await store.listEvents({ fromSeq: seqOfB })).map((e) => e.id)).toEqual([b.eventId, c.eventId]);
    expect((await store.listEvents({ limit: 1 })).map((e) => e.id)).toEqual([a.eventId]);
  });

  it("applies the same projection write twice to the same rows, never doubling the outbox", async () => {
    const store = await open();
    const d = delivery({ orderKey: BIG_ORDER_ID });
    await store.append([d]);
    const w = write({
      journeys: [journey(BIG_ORDER_ID)],
      trackingLinks: [{ shop: SHOP, trackingNumber: "1Z999", orderId: BIG_ORDER_ID }],
      timersSet: [timer("transit_stalled:1Z999", LATER)],
      decisions: [decision("dec-1", BIG_ORDER_ID)],
      outbox: [action("out-1", { decisionId: "dec-1" })],
      holdsPlaced: [hold()],
      projectedEventIds: [d.eventId],
    });
    await store.applyProjection(w);
    const snapshot = async () => ({
      journey: await store.getJourney(SHOP, BIG_ORDER_ID),
      decisions: await store.decisionsForOrder(SHOP, BIG_ORDER_ID),
      outbox: await store.listOutbox({}),
      holds: await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID),
      timers: await store.dueTimers(LATER, 10),
      link: await store.orderForTracking(SHOP, "1Z999"),
    });
    const once = await snapshot();
    await store.applyProjection(w);
    // A replay re-derives the same action under a new row id: the idempotency key still holds.
    await store.applyProjection(write({ outbox: [action("out-1-replayed", { decisionId: "dec-1", idempotencyKey: "key-out-1" })] }));
    const twice = await snapshot();

    expect(twice).toEqual(once);
    expect(once.journey).toEqual(w.journeys[0]);
    expect(once.decisions).toEqual(w.decisions);
    expect(once.outbox.map((o) => o.id)).toEqual(["out-1"]);
    expect(once.holds).toEqual([hold()]);
    expect(once.timers).toEqual(w.timersSet);
    expect(once.link).toBe(BIG_ORDER_ID);
    expect(await store.unprojected(10)).toEqual([]);
  });

  it("does not resend a delivered action when its decision is replayed", async () => {
    const store = await open();
    await store.applyProjection(write({ outbox: [action("out-1")] }));
    await store.claimOutbox(T0, 10, "boot-1", T1);
    await store.markDelivered("out-1", T1);
    await store.applyProjection(write({ outbox: [action("out-1")] }));
    expect((await store.getOutbox("out-1"))?.status).toBe("delivered");
    expect(await store.claimOutbox(LATER, 10, "boot-1", LATER)).toEqual([]);
  });

  it("replaces a journey with its newer version and lists journeys newest first", async () => {
    const store = await open();
    await store.applyProjection(write({ journeys: [journey("o-1"), journey("o-2", { asOf: "2026-03-02T00:00:00.000Z" })] }));
    const updated = journey("o-1", { fulfillmentStatus: "fulfilled", asOf: "2026-03-03T00:00:00.000Z", eventCount: 2 });
    await store.applyProjection(write({ journeys: [updated] }));
    expect(await store.getJourney(SHOP, "o-1")).toEqual(updated);
    expect(await store.getJourney(SHOP, "missing")).toBeNull();
    expect((await store.listJourneys(SHOP)).map((j) => j.orderId)).toEqual(["o-1", "o-2"]);
    expect((await store.listJourneys(undefined, 1)).map((j) => j.orderId)).toEqual(["o-1"]);
    expect(await store.listJourneys("other.myshopify.com")).toEqual([]);
  });

  it("gives the latest journeys' digests (name, shipment tags, signal names) in listJourneys' order, up to the limit", async () => {
    const store = await open();
    const late = { name: "edd_missed" as const, shipmentKey: "TN-2", since: "2026-03-02T00:00:00.000Z", detail: "past its estimate", facts: {} };
    const parcel = (key: string, tag: Shipment["tag"]) => shipment({ key, trackingNumber: key, tag });
    await store.applyProjection(
      write({
        journeys: [
          journey("o-1", { name: "#1001", asOf: "2026-03-01T00:00:00.000Z" }),
          journey("o-2", { name: "#1002", asOf: "2026-03-03T00:00:00.000Z", shipments: [parcel("TN-2", "InTransit"), parcel("TN-3", "Delivered")], signals: [late] }),
          journey("o-3", { name: null, asOf: "2026-03-02T00:00:00.000Z" }),
          { ...journey("o-4", { asOf: "2026-03-02T00:00:00.000Z" }), shop: "other.myshopify.com" },
        ],
      }),
    );
    const digests = await store.journeyDigests(10);
    expect(digests).toEqual((await store.listJourneys(undefined, 10)).map(journeyDigestOf));
    expect(digests.map((d) => d.orderId)).toEqual(["o-2", "o-3", "o-4", "o-1"]);
    expect(digests[0]).toEqual({ shop: SHOP, orderId: "o-2", name: "#1002", shipmentTags: ["InTransit", "Delivered"], signals: ["edd_missed"] });
    expect(digests[2]!.shop).toBe("other.myshopify.com");
    expect((await store.journeyDigests(2)).map((d) => d.orderId)).toEqual(["o-2", "o-3"]);
    // A journey written again carries its new digest.
    await store.applyProjection(write({ journeys: [journey("o-1", { name: "#1001", asOf: "2026-03-04T00:00:00.000Z", shipments: [parcel("TN-1", "OutForDelivery")] })] }));
    expect((await store.journeyDigests(1))[0]).toEqual({ shop: SHOP, orderId: "o-1", name: "#1001", shipmentTags: ["OutForDelivery"], signals: [] });
  });

  it("counts a customer's orders by customer id, else by lower-cased email", async () => {
    const store = await open();
    await store.applyProjection(
      write({
        journeys: [
          journey("o-1", { customerId: BIG_CUSTOMER_ID, email: "Ada@Example.com" }),
          journey("o-2", { customerId: BIG_CUSTOMER_ID, email: null }),
          journey("o-3", { customerId: null, email: "Guest@Example.COM" }),
          journey("o-4", { customerId: null, email: "guest@example.com" }),
          journey("o-5", { customerId: null, email: null }),
        ],
      }),
    );
    expect(await store.countOrdersForCustomer(SHOP, BIG_CUSTOMER_ID)).toBe(2);
    expect(await store.countOrdersForCustomer(SHOP, "guest@example.com")).toBe(2);
    expect(await store.countOrdersForCustomer(SHOP, "ada@example.com")).toBe(0);
    expect(await store.countOrdersForCustomer("other.myshopify.com", BIG_CUSTOMER_ID)).toBe(0);

    // The same customers' orders in bulk, the customers of orders in bulk, and journeys by order in bulk (each once, per shop).
    const byOrder = <T extends { orderId: string }>(list: T[]) => [...list].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    expect(byOrder(await store.ordersOfCustomers(SHOP, [BIG_CUSTOMER_ID, "guest@example.com", BIG_CUSTOMER_ID, "nobody@example.com"]))).toEqual([
      { shop: SHOP, orderId: "o-1", customerKey: BIG_CUSTOMER_ID },
      { shop: SHOP, orderId: "o-2", customerKey: BIG_CUSTOMER_ID },
      { shop: SHOP, orderId: "o-3", customerKey: "guest@example.com" },
      { shop: SHOP, orderId: "o-4", customerKey: "guest@example.com" },
    ]);
    expect(await store.ordersOfCustomers("other.myshopify.com", [BIG_CUSTOMER_ID])).toEqual([]);
    expect(await store.ordersOfCustomers(SHOP, [])).toEqual([]);
    const asked = ["o-3", "o-5", "o-1", "o-3", "missing"].map((orderId) => ({ shop: SHOP, orderId }));
    expect(byOrder(await store.customerKeysOf([...asked, { shop: "other.myshopify.com", orderId: "o-1" }]))).toEqual([
      { shop: SHOP, orderId: "o-1", customerKey: BIG_CUSTOMER_ID },
      { shop: SHOP, orderId: "o-3", customerKey: "guest@example.com" },
    ]);
    expect(await store.customerKeysOf([])).toEqual([]);
    const ids = (js: Journey[]) => js.map((j) => j.orderId).sort();
    const found = await store.journeysFor([{ shop: SHOP, orderId: "o-2" }, { shop: SHOP, orderId: "o-5" }, { shop: SHOP, orderId: "o-2" }, { shop: SHOP, orderId: "missing" }, { shop: "other.myshopify.com", orderId: "o-1" }]);
    expect(ids(found)).toEqual(["o-2", "o-5"]);
    expect(found.find((j) => j.orderId === "o-2")).toEqual(await store.getJourney(SHOP, "o-2"));
    expect(await store.journeysFor([])).toEqual([]);
  });

  it("arms, re-arms, clears and deletes timers, deleting only the one that came due", async () => {
    const store = await open();
    await store.applyProjection(
      write({ timersSet: [timer("b", T1), timer("a", T0), timer("later", LATER), timer("gone", T0)] }),
    );
    expect((await store.dueTimers(T1, 10)).map((t) => t.name)).toEqual(["a", "gone", "b"]);
    expect((await store.dueTimers(T1, 1)).map((t) => t.name)).toEqual(["a"]);

    await store.applyProjection(write({ timersSet: [timer("a", T2)], timersCleared: [{ shop: SHOP, orderId: BIG_ORDER_ID, name: "gone" }] }));
    expect((await store.dueTimers(T1, 10)).map((t) => t.name)).toEqual(["b"]);

    // Re-armed to T2 since it was read as due at T0: deleting the stale one must not disarm it.
    await store.deleteTimer(timer("a", T0));
    await store.deleteTimer(timer("b", T1));
    expect(await store.dueTimers(T2, 10)).toEqual([timer("a", T2)]);
  });

  it("places holds once, releases them, and reopens only on a placement after the release", async () => {
    const store = await open();
    const first = hold({ placedAt: T1 });
    await store.applyProjection(write({ holdsPlaced: [first] }));
    await store.applyProjection(write({ holdsPlaced: [hold({ placedAt: T2, reason: "edd_missed" })] }));
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([first]);
    // An earlier placement (late delivery of an older signal) takes over.
    const earlier = hold({ placedAt: T0, reason: "delivery_exception" });
    await store.applyProjection(write({ holdsPlaced: [earlier] }));
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([earlier]);

    const release = { shop: SHOP, customerKey: BIG_CUSTOMER_ID, shipmentKey: "1Z999", releasedAt: "2026-03-05T12:00:00.000Z", reason: "delivered" };
    await store.applyProjection(write({ holdsReleased: [release] }));
    const released = { ...earlier, releasedAt: release.releasedAt, releaseReason: "delivered" };
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([released]);

    // Replaying the original placement does not reopen it; a later release does not move it.
    await store.applyProjection(write({ holdsPlaced: [first], holdsReleased: [{ ...release, releasedAt: LATER, reason: "again" }] }));
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([released]);

    const reopened = hold({ placedAt: LATER, reason: "transit_stalled" });
    await store.applyProjection(write({ holdsPlaced: [reopened] }));
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([reopened]);

    // A release older than the open placement belongs to the previous hold.
    await store.applyProjection(write({ holdsReleased: [release] }));
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([reopened]);
  });

  it("reads many customers' holds at once, each customer's as holdsForCustomer orders them", async () => {
    const store = await open();
    const customers = Array.from({ length: 450 }, (_, i) => `c-${i}`); // more than one read's worth
    const placed = customers.flatMap((customerKey, i) => (i % 50 === 0 ? [hold({ customerKey, shipmentKey: "1Z-B", placedAt: T1 }), hold({ customerKey, shipmentKey: "1Z-A", placedAt: T1 }), hold({ customerKey, shipmentKey: "1Z-C", placedAt: T0 })] : []));
    await store.applyProjection(write({ holdsPlaced: [...placed, hold({ shop: "other.myshopify.com", customerKey: "c-0" })] }));
    const found = await store.holdsForCustomers(SHOP, [...customers, "c-0", "c-nobody"]);
    expect(found).toHaveLength(placed.length);
    for (const customerKey of ["c-0", "c-50", "c-400"]) {
      const own = await store.holdsForCustomer(SHOP, customerKey);
      expect(own.map((h) => h.shipmentKey)).toEqual(["1Z-C", "1Z-A", "1Z-B"]);
      expect(found.filter((h) => h.customerKey === customerKey)).toEqual(own);
    }
    expect(await store.holdsForCustomers(SHOP, [])).toEqual([]);
  });

  it("claims due pending actions in order with a lease, and walks retry, dead, requeue and delivered", async () => {
    const store = await open();
    await store.applyProjection(
      write({
        outbox: [
          action("second", { createdAt: T1 }),
          action("first", { createdAt: T0 }),
          action("future", { createdAt: LATER }),
          action("review", { createdAt: T0, status: "awaiting_review" }),
        ],
      }),
    );
    const claimed = await store.claimOutbox(T2, 10, "boot-1", "2026-03-05T10:07:00.000Z");
    expect(claimed.map((a) => a.id)).toEqual(["first", "second"]);
    expect(claimed[0]).toMatchObject({ status: "in_flight", claimedBy: "boot-1", leaseUntil: "2026-03-05T10:07:00.000Z", attempts: 0, updatedAt: T2 });
    expect(await store.claimOutbox(T2, 10, "boot-1", T2)).toEqual([]);

    await store.markRetry("first", "2026-03-05T11:00:00.000Z", "HTTP 503", T2);
    expect(await store.getOutbox("first")).toMatchObject({
      status: "pending",
      attempts: 1,
      nextAttemptAt: "2026-03-05T11:00:00.000Z",
      lastError: "HTTP 503",
      claimedBy: null,
      leaseUntil: null,
      updatedAt: T2,
    });
    expect(await store.claimOutbox("2026-03-05T10:59:59.999Z", 10, "boot-1", LATER)).toEqual([]);
    expect((await store.claimOutbox("2026-03-05T11:00:00.000Z", 10, "boot-1", LATER)).map((a) => a.id)).toEqual(["first"]);

    await store.markDead("first", "HTTP 400 invalid profile", "2026-03-05T11:00:01.000Z");
    expect(await store.getOutbox("first")).toMatchObject({ status: "dead", attempts: 2, lastError: "HTTP 400 invalid profile", claimedBy: null });
    // The dead letters of a shop (read by their status, the shop checked on the way): its own only.
    expect((await store.listOutbox({ shop: SHOP, status: "dead" })).map((a) => [a.id, a.lastError])).toEqual([["first", "HTTP 400 invalid profile"]]);
    expect(await store.listOutbox({ shop: "other.myshopify.com", status: "dead" })).toEqual([]);
    expect(await store.requeue("first", "2026-03-05T12:00:00.000Z")).toBe(true);
    expect(await store.getOutbox("first")).toMatchObject({ status: "pending", attempts: 2, nextAttemptAt: "2026-03-05T12:00:00.000Z" });
    expect(await store.requeue("first", "2026-03-05T12:00:00.000Z")).toBe(false);
    expect(await store.requeue("second", "2026-03-05T12:00:00.000Z")).toBe(false);
    expect(await store.requeue("missing", "2026-03-05T12:00:00.000Z")).toBe(false);

    expect(await store.requeue("review", "2026-03-05T12:00:00.000Z")).toBe(true);
    expect((await store.claimOutbox("2026-03-05T12:00:00.000Z", 10, "boot-1", LATER)).map((a) => a.id)).toEqual(["first", "review"]);

    await store.markDelivered("second", "2026-03-05T12:30:00.000Z");
    expect(await store.getOutbox("second")).toMatchObject({ status: "delivered", attempts: 1, deliveredAt: "2026-03-05T12:30:00.000Z", claimedBy: null });
    expect((await store.listOutbox({ status: "delivered" })).map((a) => a.id)).toEqual(["second"]);
    expect((await store.listOutbox({ shop: SHOP, status: "delivered", limit: 5 })).map((a) => a.id)).toEqual(["second"]);
    expect(await store.listOutbox({ shop: "other.myshopify.com", status: "delivered" })).toEqual([]);
    expect((await store.listOutbox({ status: "pending" })).map((a) => a.id)).toEqual(["future"]);
    expect((await store.listOutbox({ orderId: BIG_ORDER_ID, limit: 2 })).map((a) => a.id)).toEqual(["first", "review"]);
    expect(await store.listOutbox({ shop: "other.myshopify.com" })).toEqual([]);
    expect(await store.getOutbox("missing")).toBeNull();
  });

  it("recovers in-flight actions of other boots without counting an attempt, and leaves the current boot's alone", async () => {
    const store = await open();
    await store.applyProjection(write({ outbox: [action("a", { createdAt: T0 }), action("b", { createdAt: T1 }), action("c", { createdAt: T2 })] }));
    await store.claimOutbox(T2, 2, "boot-old", LATER);
    await store.claimOutbox(T2, 1, "boot-now", LATER);

    expect(await store.recoverInFlight("boot-now", LATER)).toBe(2);
    expect(await store.getOutbox("a")).toMatchObject({ status: "pending", attempts: 0, claimedBy: null, leaseUntil: null, updatedAt: LATER });
    expect(await store.getOutbox("b")).toMatchObject({ status: "pending", attempts: 0 });
    expect(await store.getOutbox("c")).toMatchObject({ status: "in_flight", claimedBy: "boot-now" });
    expect(await store.recoverInFlight("boot-now", LATER)).toBe(0);
  });

  it("never hands the same action to two concurrent claimers (200 actions)", async () => {
    const store = await open();
    const actions = Array.from({ length: 200 }, (_, i) => action(`act-${String(i).padStart(3, "0")}`, { createdAt: T0 }));
    await store.applyProjection(write({ outbox: actions }));
    // Several processes where the backend allows it; otherwise concurrent callers on one store.
    const claimers = store.capabilities.multiProcess ? [store, await sibling(store), await sibling(store)] : [store, store, store];
    const claimedBy = await Promise.all(
      claimers.map(async (claimer, i) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await claimer.claimOutbox(T1, 7, `worker-${i}`, LATER);
          if (batch.length === 0) return mine;
          mine.push(...batch.map((a) => a.id));
        }
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    expect((await store.listOutbox({ status: "in_flight" })).length).toBe(200);
  });

  it("resets projections but keeps events and the outbox", async () => {
    const store = await open();
    const d = delivery({ orderKey: "o-1" });
    await store.append([d]);
    await store.applyProjection(
      write({
        journeys: [journey("o-1", { customerId: BIG_CUSTOMER_ID })],
        trackingLinks: [{ shop: SHOP, trackingNumber: "1Z999", orderId: "o-1" }],
        timersSet: [timer("t", T0, "o-1")],
        decisions: [decision("dec-1", "o-1")],
        outbox: [action("out-1")],
        holdsPlaced: [hold()],
        projectedEventIds: [d.eventId],
      }),
    );
    await store.resetProjections();
    expect(await store.getJourney(SHOP, "o-1")).toBeNull();
    expect(await store.orderForTracking(SHOP, "1Z999")).toBeNull();
    expect(await store.dueTimers(LATER, 10)).toEqual([]);
    expect(await store.decisionsForOrder(SHOP, "o-1")).toEqual([]);
    expect(await store.holdsForCustomer(SHOP, BIG_CUSTOMER_ID)).toEqual([]);
    expect((await store.listOutbox({})).map((a) => a.id)).toEqual(["out-1"]);
    expect((await store.unprojected(10)).map((e) => e.id)).toEqual([d.eventId]);
    expect(await store.getRawBody(d.raw.id)).not.toBeNull();
  });

  it("keeps ids above 2^53 exact as strings everywhere", async () => {
    const store = await open();
    const lineItemId = "18446744073709551615";
    const d = delivery({
      orderKey: BIG_ORDER_ID,
      deliveryId: "b8a1c3e4-9007199254740993",
      payload: orderPayload(BIG_ORDER_ID, {
        customerId: BIG_CUSTOMER_ID,
        lineItems: [{ id: lineItemId, sku: null, title: "Tee", quantity: 1, price: "1.00" }],
      }),
    });
    await store.append([d]);
    await store.applyProjection(
      write({
        journeys: [journey(BIG_ORDER_ID, { customerId: BIG_CUSTOMER_ID })],
        decisions: [decision("dec-big", BIG_ORDER_ID)],
        outbox: [action("out-big")],
      }),
    );
    const [event] = await store.eventsForOrder(SHOP, BIG_ORDER_ID);
    expect(event?.orderKey).toBe(BIG_ORDER_ID);
    expect(event?.payload).toMatchObject({ orderId: BIG_ORDER_ID, customerId: BIG_CUSTOMER_ID, lineItems: [{ id: lineItemId }] });
    expect((await store.getJourney(SHOP, BIG_ORDER_ID))?.customerId).toBe(BIG_CUSTOMER_ID);
    expect(await store.countOrdersForCustomer(SHOP, BIG_CUSTOMER_ID)).toBe(1);
    expect((await store.decisionsForOrder(SHOP, BIG_ORDER_ID))[0]?.orderId).toBe(BIG_ORDER_ID);
    expect((await store.getOutbox("out-big"))?.payload).toEqual({ metric: "Shipment Delayed", orderId: BIG_ORDER_ID });
  });

  // Schema migrations and a second connection exist only for the SQL backends.
  it.skipIf(!target.remigrate || !target.openSibling)("migrates once: running the migrations again, or reopening, changes nothing", async () => {
    const store = await open();
    const d = delivery();
    await store.append([d]);
    expect(await target.remigrate!(store)).toEqual({ ok: true, applied: [] });
    const other = await sibling(store);
    expect((await other.listEvents({})).map((e) => e.id)).toEqual([d.eventId]);
    expect(await other.append([delivery({ deliveryId: d.event.deliveryId })])).toEqual([{ status: "duplicate", eventId: d.eventId }]);
  });

  it("lists the events about the helpdesk tickets asked for, in arrival order, and no other ticket's", async () => {
    const store = await open();
    const about = (helpdesk: string, ticketId: string, messageId: string, shop = SHOP) => delivery({ shop, source: helpdesk === "zendesk" ? "zendesk" : "gorgias", orderKey: null, payload: ticketMessagePayload(helpdesk, ticketId, messageId) });
    const first = about("gorgias", "T1", "m1");
    const otherTicket = about("gorgias", "T2", "m2");
    const sameIdElsewhere = about("zendesk", "T1", "m3");
    const otherShop = about("gorgias", "T1", "m4", "other.myshopify.com");
    const second = about("gorgias", "T1", "m5");
    await store.append([first, otherTicket, sameIdElsewhere, otherShop, delivery({ orderKey: "o-1" }), second]);
    const ids = async (q: Parameters<Store["listEvents"]>[0]) => (await store.listEvents(q)).map((e) => e.id);
    const T1 = { helpdesk: "gorgias", ticketId: "T1" };
    expect(await ids({ shop: SHOP, tickets: [T1] })).toEqual([first.eventId, second.eventId]);
    expect(await ids({ shop: SHOP, tickets: [{ helpdesk: "zendesk", ticketId: "T1" }] })).toEqual([sameIdElsewhere.eventId]);
    expect(await ids({ shop: "other.myshopify.com", tickets: [T1] })).toEqual([otherShop.eventId]);
    expect(await ids({ shop: SHOP, tickets: [{ helpdesk: "gorgias", ticketId: "T9" }] })).toEqual([]);
    expect(await ids({ shop: SHOP, tickets: [] })).toEqual([]);
    // Several tickets: their events merged in arrival order, each once, a limit applied to the whole.
    const both = [{ helpdesk: "zendesk", ticketId: "T1" }, T1, { helpdesk: "gorgias", ticketId: "T2" }, T1];
    expect(await ids({ shop: SHOP, tickets: both })).toEqual([first.eventId, otherTicket.eventId, sameIdElsewhere.eventId, second.eventId]);
    expect(await ids({ shop: SHOP, tickets: both, limit: 2 })).toEqual([first.eventId, otherTicket.eventId]);
    // More tickets than a list of placeholders would hold (they are bound as one value).
    const many = [...Array.from({ length: 1_200 }, (_, i) => ({ helpdesk: "gorgias", ticketId: `X${i}` })), T1];
    expect(await ids({ shop: SHOP, tickets: many })).toEqual([first.eventId, second.eventId]);
  });

  it.skipIf(!target.openSibling)("reads through a snapshot: what another connection commits meanwhile is not seen inside it, and is after", async () => {
    const store = await open();
    const other = await sibling(store);
    const first = delivery({ orderKey: "o-1", occurredAt: T0 });
    await store.append([first]);
    await store.applyProjection(write({ outbox: [action("before", { createdAt: T0, orderId: "o-1" })] }));
    const later = delivery({ orderKey: "o-1", occurredAt: T1 });
    const seen = await store.readSnapshot(async (view) => {
      const events = await view.listEvents({});
      // Another connection (the live worker) stores an event and what it decided, and commits.
      await other.append([later]);
      await other.applyProjection(write({ outbox: [action("after", { createdAt: T1, orderId: "o-1" })] }));
      return {
        events: events.map((e) => e.id),
        again: (await view.listEvents({})).map((e) => e.id),
        bySourceTime: (await view.listEventsBySourceTime(T0, LATER)).map((e) => e.id),
        outbox: (await view.outcomesForOrders([{ shop: SHOP, orderId: "o-1" }])).outbox.map((a) => a.id),
      };
    });
    expect(seen).toEqual({ events: [first.eventId], again: [first.eventId], bySourceTime: [first.eventId], outbox: ["before"] });
    expect((await store.listEvents({})).map((e) => e.id)).toEqual([first.eventId, later.eventId]);
    expect((await store.outcomesForOrders([{ shop: SHOP, orderId: "o-1" }])).outbox.map((a) => a.id)).toEqual(["before", "after"]);
  });

  it("keeps review decisions newest first, and closes an escalation only while it awaits review", async () => {
    const store = await open();
    await store.applyProjection(write({ outbox: [action("esc", { createdAt: T0, status: "awaiting_review", channel: "review.escalation" }), action("sent", { createdAt: T0 })] }));
    const base = { shop: SHOP, itemKind: "escalation" as const, note: null, edited: null };
    expect(await store.recordReviewDecision({ ...base, id: "d1", itemId: "action:esc", decision: "approve", by: "sam", at: T1 }, "esc")).toBe(true);
    expect(await store.getOutbox("esc")).toMatchObject({ status: "delivered", deliveredAt: T1 });
    // Decided once: a second decision on the same escalation is refused and stores nothing.
    expect(await store.recordReviewDecision({ ...base, id: "d2", itemId: "action:esc", decision: "reject", by: "kim", at: T2, note: "dup" }, "esc")).toBe(false);
    // A pending action is not a review item.
    expect(await store.recordReviewDecision({ ...base, id: "d3", itemId: "action:sent", decision: "reject", by: "kim", at: T2 }, "sent")).toBe(false);
    expect(await store.getOutbox("sent")).toMatchObject({ status: "pending" });
    // Run decisions are kept as they are, with an edited reply.
    expect(await store.recordReviewDecision({ id: "d4", shop: SHOP, itemId: "run:r1", itemKind: "draft", decision: "edit", by: "kim", at: T2, note: "warmer", edited: "Hi! Your parcel is on its way." })).toBe(true);
    const all = await store.listReviewDecisions({ limit: 10 });
    expect(all.map((d) => d.id)).toEqual(["d4", "d1"]);
    expect(all[0]).toEqual({ id: "d4", shop: SHOP, itemId: "run:r1", itemKind: "draft", decision: "edit", by: "kim", at: T2, note: "warmer", edited: "Hi! Your parcel is on its way." });
    expect((await store.listReviewDecisions({ itemId: "action:esc", limit: 10 })).map((d) => d.by)).toEqual(["sam"]);
    expect(await store.listReviewDecisions({ shop: "other.myshopify.com", limit: 10 })).toEqual([]);
  });
}
