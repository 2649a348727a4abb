import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedPayload } from "../../../src/core/normalized.js";
import { replay } from "../../../src/flows/replay/replay.js";
import { fireDueTimers, TIMERS_PER_CALL } from "../../../src/flows/timer-runner.js";
import { runnerTicks } from "../../../src/flows/replay/runner-ticks.js";
import type { StoredEvent } from "../../../src/core/event.js";
import { projectBatch } from "../../../src/ingest/projector.js";
import type { Delivery } from "../../../src/store/port.js";
import { openSqliteStore, type SqliteStore } from "../../../src/store/sqlite/open.js";
import { removeTempFolders } from "../../helpers/temp-files.js";
import { deliveryOf, simulate } from "../../../src/flows/replay/simulate.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../../src/store/projection-write.js";
import { orderPayload } from "../../store/builders.js";
import { engineFor, flowsDir } from "./history.js";
import { workerDeps } from "./late-worker.js";

/**
 * Where things happened in reality's log, which a worker behind it makes differ from source time.
 * The live runner fires due timers between projection steps, at the clock it reads then; the log
 * shows only the calls that fired something. The replay's own timers fire by how far the runner is
 * known to have got: its calls in the log, and the arrivals stored before the previous step began
 * (the call after that step read the clock later) — not the arrivals a step read while it ran (a
 * worker behind the log folds a scan that arrived after a timer came due but before the runner
 * looked again, and the scan moves the timer), and, at the end, not past the runner's last known
 * call. What a window seeds from before it (a customer's other orders, their runs) joins the
 * replay at the step where reality made it.
 */

const SHOP = "runner-clock.myshopify.com";
const flows = engineFor(flowsDir({}));
let store: SqliteStore;
let n = 0;

function arrival(payload: NormalizedPayload, occurredAt: string, receivedAt: string, keys: { orderKey?: string; trackingKey?: string }): Delivery {
  const id = `evt-${++n}`;
  const source = payload.kind === "tracking.updated" ? "easypost" : "shopify";
  const topic = payload.kind === "tracking.updated" ? "tracker.updated" : payload.kind === "fulfillment.upserted" ? "fulfillments/create" : "orders/create";
  return {
    eventId: id,
    receivedAt,
    event: { shop: SHOP, source, topic, occurredAt, deliveryId: id, orderKey: keys.orderKey ?? null, trackingKey: keys.trackingKey ?? null, payload },
    raw: { id, shop: SHOP, source, topic, receivedAt, headers: {}, body: Buffer.from("{}") },
  };
}

/** An order shipped with one tracking number and its first in-transit scan, each arriving as it happened. */
function shipped(orderId: string, name: string, tracking: string, at: number): Delivery[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(at);
  const fulfilled = iso(at + 2 * 3_600_000);
  return [
    arrival(orderPayload(orderId, { name, email: `${orderId}@example.com`, createdAt: created, updatedAt: created, totalPrice: "80.00" }), created, created, { orderKey: orderId }),
    fulfillment(orderId, tracking, fulfilled),
    scan(tracking, at + 4 * 3_600_000, at + 4 * 3_600_000),
  ];
}

function scan(tracking: string, at: number, receivedAt: number): Delivery {
  const iso = new Date(at).toISOString();
  return arrival(
    { kind: "tracking.updated", provider: "easypost", carrier: "USPS", trackingNumber: tracking, tag: "InTransit", subtag: null, subtagMessage: null, estimatedDeliveryAt: null, checkpoints: [{ at: iso, tag: "InTransit", subtag: null, message: "In transit", location: null }], updatedAt: iso, orderRef: null },
    iso,
    new Date(receivedAt).toISOString(),
    { trackingKey: tracking },
  );
}

/** A fresh SQLite store for one test, with the live worker's projector deps on it; closed after. */
async function onFreshStore(test: (store: SqliteStore, own: Parameters<typeof projectBatch>[0]) => Promise<void>): Promise<void> {
  const store = await openSqliteStore({ memory: true });
  try {
    await test(store, { store, ...workerDeps, flows, decide: true });
  } finally {
    await store.close();
  }
}

/** A fulfillment naming one tracking number. */
const fulfillment = (orderId: string, tracking: string, createdAt: string, receivedAt = createdAt): Delivery =>
  arrival({ kind: "fulfillment.upserted", orderId, fulfillmentId: `f-${orderId}`, name: `#${orderId}.1`, status: "success", tag: null, subtag: null, carrier: "USPS", trackingNumbers: [tracking], trackingUrl: null, createdAt, updatedAt: createdAt }, createdAt, receivedAt, { orderKey: orderId });

const step = () => projectBatch({ store, ...workerDeps, flows, decide: true });
let fired = 0;
const runnerAt = async (ms: number) => {
  fired += await fireDueTimers({ store, clock: { now: () => new Date(ms) }, ids: () => `tick-${ms}-${++n}`, append: async (d) => (await store.append([d]))[0]! });
};
const dueOf = async (tracking: string) => (await store.dueTimers("9999-12-31T00:00:00.000Z", 100)).find((t) => t.name === `transit_stalled:${tracking}`)?.dueAt;

let aDue = "";
let movedTo: string | undefined;

beforeAll(async () => {
  store = await openSqliteStore({ memory: true });
  const start = Date.parse("2026-09-01T10:00:00.000Z");
  // Order B ships a day before order A: its silence deadline comes a business day earlier.
  await store.append([...shipped("9001", "#9001", "TRACK-B", start - 86_400_000), ...shipped("9002", "#9002", "TRACK-A", start)]);
  while ((await step()) > 0);
  aDue = (await dueOf("TRACK-A"))!;
  const bDue = (await dueOf("TRACK-B"))!;
  expect(bDue < aDue).toBe(true);
  // The runner looks an hour before A's deadline: B's timer fires (the log shows the runner ran then).
  await runnerAt(Date.parse(aDue) - 3_600_000);
  while ((await step()) > 0);
  // A carrier scan of A's parcel, from before the deadline, arrives an hour after it; the worker folds it before the runner looks again.
  await store.append([scan("TRACK-A", Date.parse(aDue) - 2 * 3_600_000, Date.parse(aDue) + 3_600_000)]);
  await step();
  movedTo = await dueOf("TRACK-A");
  await runnerAt(Date.parse(aDue) + 2 * 3_600_000);
  while ((await step()) > 0);
}, 60_000);
afterAll(async () => {
  await store.close();
  removeTempFolders();
});

describe("a timer the worker moved before its runner looked past its due time", () => {
  it("reality: B's timer fired, A's moved and never fired", async () => {
    expect(fired).toBe(1);
    expect(movedTo! > aDue).toBe(true);
    const runs = await store.listRuns({ shop: SHOP, flowId: "delay-notice" });
    expect(runs.map((r) => r.orderId)).toEqual(["9001"]);
  });

  it("the replay fires it no sooner than the runner was seen to reach its due time: no difference", async () => {
    const r = await replay({ source: store, from: "2026-08-30T00:00:00.000Z", to: new Date(Date.parse(aDue) + 86_400_000).toISOString(), engine: flows, ...workerDeps });
    expect(r.folded.byArrival).toBe(0);
    expect(r.timersFired).toBe(1);
    expect(r.summary.unchanged).toBeGreaterThan(5);
    expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
  });
});

describe("reality's runner calls, from its firings", () => {
  const firing = (seq: number, receivedAt: string) => ({ seq, receivedAt }) as StoredEvent;
  it("one per instant, at its first firing in the log; a call that fired as many timers as one call may is marked full", () => {
    const full = Array.from({ length: TIMERS_PER_CALL }, (_, i) => firing(100 + i, "2026-09-02T00:00:00.000Z"));
    expect(runnerTicks([firing(7, "2026-09-01T00:00:00.000Z"), firing(3, "2026-09-01T00:00:00.000Z"), ...full, firing(400, "2026-09-03T00:00:00.000Z")])).toEqual([
      { seq: 3, at: "2026-09-01T00:00:00.000Z", full: false },
      { seq: 100, at: "2026-09-02T00:00:00.000Z", full: true },
      { seq: 400, at: "2026-09-03T00:00:00.000Z", full: false },
    ]);
    expect(runnerTicks(full.slice(1))).toEqual([{ seq: 101, at: "2026-09-02T00:00:00.000Z", full: false }]);
  });
});

describe("a timer that came due after the runner last looked, at the end of what the replay read", () => {
  let late: SqliteStore;
  let cDue = "";
  beforeAll(async () => {
    late = await openSqliteStore({ memory: true });
    const own = { store: late, ...workerDeps, flows, decide: true };
    const start = Date.parse("2026-09-01T10:00:00.000Z");
    await late.append([...shipped("9101", "#9101", "TRACK-E", start - 86_400_000), ...shipped("9102", "#9102", "TRACK-C", start)]);
    while ((await projectBatch(own)) > 0);
    const due = await late.dueTimers("9999-12-31T00:00:00.000Z", 100);
    cDue = due.find((t) => t.name === "transit_stalled:TRACK-C")!.dueAt;
    // The runner looks an hour before C's deadline (E's fires), then the worker folds an order that arrives an hour after it, and the history is read before the runner looks again.
    await fireDueTimers({ store: late, clock: { now: () => new Date(Date.parse(cDue) - 3_600_000) }, ids: () => `late-${++n}`, append: async (d) => (await late.append([d]))[0]! });
    while ((await projectBatch(own)) > 0);
    const after = new Date(Date.parse(cDue) + 3_600_000).toISOString();
    await late.append([arrival(orderPayload("9103", { name: "#9103", email: "9103@example.com", createdAt: after, updatedAt: after }), after, after, { orderKey: "9103" })]);
    await projectBatch(own);
  }, 60_000);
  afterAll(async () => {
    await late.close();
  });

  it("is left due, as reality left it: the runner's next call may not have run yet", async () => {
    expect((await late.dueTimers(cDue, 100)).map((t) => t.name)).toEqual(["transit_stalled:TRACK-C"]);
    const r = await replay({ source: late, from: "2026-08-30T00:00:00.000Z", to: new Date(Date.parse(cDue) + 86_400_000).toISOString(), engine: flows, ...workerDeps });
    expect(r.window.horizon! > cDue).toBe(true);
    expect(r.timersFired).toBe(1);
    expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
  });
});

describe("a changed flow's timer, due between two steps of a worker that kept its runner turning", () => {
  const nudge = `
id: nudge-unshipped
version: 1
description: An order still unshipped an hour after it was placed tells the team.
trigger: { events: [order.upserted] }
steps:
  - id: settle
    wait: { duration: 1h }
  - id: shipped-yet
    branch:
      if: 'size(order.shipments) == 0'
      then:
        - id: tell
          action: alert.team
          input: { text: 'Unshipped after an hour: {{ order.name }}' }
`;
  it("fires where the runner had passed its due time, before the step that folds the fulfillment", () =>
    onFreshStore(async (store, own) => {
      const t0 = Date.parse("2026-09-01T10:00:00.000Z");
      const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
      await store.append([arrival(orderPayload("9201", { name: "#9201", email: "9201@example.com", createdAt: at(0), updatedAt: at(0) }), at(0), at(0), { orderKey: "9201" })]);
      await projectBatch(own);
      // Another order arrives 70 minutes in and is folded on its own: the runner turns after that step, past the hour.
      await store.append([arrival(orderPayload("9202", { name: "#9202", email: "9202@example.com", createdAt: at(70), updatedAt: at(70) }), at(70), at(70), { orderKey: "9202" })]);
      await projectBatch(own);
      await store.append([fulfillment("9201", "TRACK-N", at(75), at(80))]);
      await projectBatch(own);
      const changed = engineFor(flowsDir({ "nudge.yaml": nudge }));
      const r = await replay({ source: store, from: at(-60), to: at(24 * 60), engine: changed, ...workerDeps });
      const added = r.diff.added.filter((e) => e.source === "nudge-unshipped");
      expect(added.map((e) => `${e.kind} ${e.orderId}`).sort()).toEqual(["action 9201", "run 9201", "run 9202"]);
      expect(added.find((e) => e.kind === "action")!.what).toContain("Unshipped after an hour: #9201");
    }));
});

describe("a customer's earlier orders whose webhooks arrived after a later order's, seeded into a window", () => {
  it("count toward customer.orders_count only from the step that folded them, as in reality: no difference", () =>
    onFreshStore(async (store, own) => {
      const window = Date.parse("2026-09-05T00:00:00.000Z");
      const at = (hours: number) => new Date(window + hours * 3_600_000).toISOString();
      const order = (id: string, created: number, received: number) =>
        arrival(orderPayload(id, { name: `#${id}`, email: "repeat@example.com", customerOrdersCount: null, createdAt: at(created), updatedAt: at(created) }), at(created), at(received), { orderKey: id });
      // The newest order arrives and ships first; its scan inside the window makes the profile's vip false (one order known).
      const newest = [
        order("9303", -48, -48),
        fulfillment("9303", "TRACK-V", at(-47)),
        scan("TRACK-V", window + 3_600_000, window + 3_600_000),
      ];
      for (const d of newest) {
        await store.append([d]);
        while ((await projectBatch(own)) > 0);
      }
      // The customer's two earlier orders (placed before the window) reach the shop's log only now: late webhooks.
      for (const d of [order("9301", -120, 2), order("9302", -96, 2)]) await store.append([d]);
      while ((await projectBatch(own)) > 0);
      const reality = (await store.listOutbox({})).filter((a) => a.channel === "customer.profile" && a.orderId === "9303");
      expect(reality.map((a) => (a.payload as { properties?: { vip?: unknown } }).properties?.vip)).toContain(false);
      const r = await replay({ source: store, from: at(0), to: at(24), engine: flows, ...workerDeps });
      expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
      expect(r.summary.byKind.action.unchanged).toBeGreaterThan(0);
    }));
});

describe("a seed placed at its step", () => {
  const capped = `
id: capped-hello
version: 1
description: One hello per customer a month.
trigger: { events: [order.upserted] }
limits:
  frequency: { max: 1, per: 30d, key: '{{ customer.key }}' }
steps:
  - id: hello
    action: alert.team
    input: { text: 'Hello {{ order.name }}' }
`;
  const engine = engineFor(flowsDir({ "capped.yaml": capped }));
  const deps = { ...workerDeps, flows: engine, decide: true };
  const placed = (id: string, seq: number, createdAt: string): StoredEvent => {
    const d = arrival(orderPayload(id, { name: `#${id}`, email: "seeded@example.com", createdAt, updatedAt: createdAt }), createdAt, createdAt, { orderKey: id });
    return { ...d.event, id: d.eventId, seq, receivedAt: d.receivedAt, rawBodyId: null };
  };

  it("counts toward a frequency cap from that step on, not before", async () => {
    const earlier = new MemoryStore();
    await simulate({ store: earlier, events: [placed("9401", 1, "2026-09-01T09:00:00.000Z")], horizon: "2026-09-01T09:00:00.000Z", deps });
    const [seedRun] = await earlier.listRuns({ flowId: "capped-hello" });
    expect(seedRun).toMatchObject({ status: "completed", orderId: "9401" });
    const statusWith = async (seedStep: number) => {
      const store = new MemoryStore();
      const write = emptyProjectionWrite();
      write.runs = [seedRun!];
      await simulate({ store, events: [placed("9402", 5, "2026-09-02T09:00:00.000Z")], seeds: [{ step: seedStep, write }], horizon: "2026-09-02T09:00:00.000Z", deps });
      return (await store.listRuns({ orderId: "9402", flowId: "capped-hello" })).map((r) => r.status);
    };
    expect(await statusWith(3)).toEqual(["skipped"]);
    expect(await statusWith(5)).toEqual(["completed"]);
  });

  it("a run made in the same step as a window's run counts toward its cap, as the step's own runs do", () =>
    onFreshStore(async (store) => {
      const live = { store, ...workerDeps, flows: engine, decide: true };
      // A worker behind the log folds the customer's older order and the window's newer one in one step.
      const older = placed("9411", 0, "2026-09-01T09:00:00.000Z");
      const newer = placed("9412", 0, "2026-09-03T09:00:00.000Z");
      await store.append([deliveryOf(older), deliveryOf(newer)]);
      await projectBatch(live);
      const reality = await store.listRuns({ flowId: "capped-hello" });
      expect(Object.fromEntries(reality.map((r) => [r.orderId, r.status]))).toEqual({ "9411": "completed", "9412": "skipped" });
      const r = await replay({ source: store, from: "2026-09-02T00:00:00.000Z", to: "2026-09-04T00:00:00.000Z", engine, ...workerDeps });
      expect(r.summary.byKind.run.unchanged).toBeGreaterThan(0);
      expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
    }));
});

describe("a customer's hold from an earlier order whose webhook arrived late, seeded into a window", () => {
  // A test flow holds the customer for one order; a promotion waits while the customer has any hold.
  const holdFlows = {
    "hold-first.yaml": `
id: hold-first
version: 1
description: Order #9501 puts its customer on hold.
trigger: { events: [order.upserted], filter: 'order.name == "#9501" && order.cancelled_at == null' }
steps:
  - id: hold
    action: hold.place
    input: { shipment_key: 'order-{{ order.id }}', reason: 'held for a test' }
`,
    "release-first.yaml": `
id: release-first
version: 1
description: Cancelling order #9501 releases its hold.
trigger: { events: [order.upserted], filter: 'order.name == "#9501" && order.cancelled_at != null' }
steps:
  - id: release
    action: hold.release
    input: { shipment_key: 'order-{{ order.id }}', reason: 'cancelled' }
`,
    "promo.yaml": `
id: promo-unless-held
version: 1
description: A promotion for a new order, unless the customer is on hold.
trigger: { events: [order.upserted], filter: 'order.name == "#9502"' }
conditions:
  - 'size(holds) == 0'
steps:
  - id: promo
    action: alert.team
    input: { text: 'Promotion for {{ order.name }}' }
`,
  };
  const engine = engineFor(flowsDir(holdFlows));
  const window = Date.parse("2026-09-10T00:00:00.000Z");
  const at = (hours: number) => new Date(window + hours * 3_600_000).toISOString();
  /** An order of the customer `email`, created (or cancelled) `created` (`cancelled`) hours from the window's start and received at `received`. */
  const order = (id: string, email: string, created: number, received: number, cancelled: number | null = null) =>
    arrival(orderPayload(id, { name: `#${id}`, email, createdAt: at(created), updatedAt: at(cancelled ?? created), cancelledAt: cancelled === null ? null : at(cancelled), cancelReason: cancelled === null ? null : "customer" }), at(cancelled ?? created), at(received), { orderKey: id });
  /**
   * Reality: each delivery stored as it arrives and folded at once (a list of them stored together
   * and folded in one step, as by a worker behind the log); then the statuses of `flows`' runs, the
   * customer's hold, and a replay of the day from the window's start.
   */
  async function realityAndReplay(store: SqliteStore, deliveries: Array<Delivery | Delivery[]>, email: string, flows: string[]) {
    const live = { store, ...workerDeps, flows: engine, decide: true };
    for (const d of deliveries) {
      await store.append(Array.isArray(d) ? d : [d]);
      while ((await projectBatch(live)) > 0);
    }
    const runs = (await store.listRuns({})).filter((r) => flows.includes(r.flowId));
    const [hold] = await store.holdsForCustomer(SHOP, email);
    const r = await replay({ source: store, from: at(0), to: at(24), engine, ...workerDeps });
    return { statuses: Object.fromEntries(runs.map((run) => [run.flowId, run.status])), hold, r };
  }

  /** The replay compared the runs (some unchanged) and found them all as reality made them. */
  const expectSameAsReality = (r: Awaited<ReturnType<typeof replay>>) => {
    expect(r.summary.byKind.run.unchanged).toBeGreaterThan(0);
    expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
  };

  it("holds the window's orders only from the step that placed it, as in reality: no difference", () =>
    onFreshStore(async (store) => {
      // The new order arrives and is folded first; the older order's webhook (placed two days before the window) arrives after it.
      const email = "held@example.com";
      const { statuses, hold, r } = await realityAndReplay(store, [order("9502", email, 1, 1), order("9501", email, -48, 2)], email, ["hold-first", "promo-unless-held"]);
      expect(statuses).toEqual({ "promo-unless-held": "completed", "hold-first": "completed" });
      expect(hold).toMatchObject({ placedAt: at(-48), releasedAt: null });
      expectSameAsReality(r);
    }));

  // One step folds both orders (a worker behind the log): the projector folds them in the order they were stored.
  it.each([
    { first: "the older order", email: "same-step@example.com", order: ["9501", "9502"], promo: "skipped" }, // the hold was placed before the new order was folded
    { first: "the new order", email: "same-step-after@example.com", order: ["9502", "9501"], promo: "completed" }, // its promotion went out before the hold was placed
  ])("a step that folded $first first holds only the orders it folded after the older one, as the projector hands a step's own holds on: no difference", ({ email, order: stored, promo }) =>
    onFreshStore(async (store) => {
      const arrivals = { "9501": order("9501", email, -48, 2), "9502": order("9502", email, 1, 2) };
      const { statuses, hold, r } = await realityAndReplay(store, [stored.map((id) => arrivals[id as keyof typeof arrivals])], email, ["hold-first", "promo-unless-held"]);
      expect(statuses).toEqual({ "promo-unless-held": promo, "hold-first": "completed" });
      expect(hold).toMatchObject({ placedAt: at(-48), releasedAt: null });
      expectSameAsReality(r);
    }));

  it("is released only at the step that folded its release, though the release's source time is before the window: no difference", () =>
    onFreshStore(async (store) => {
      // The older order holds the customer; its cancellation (a day before the window) arrives late, after the new order's promotion was held back.
      const email = "released@example.com";
      const { statuses, hold, r } = await realityAndReplay(store, [order("9501", email, -48, -48), order("9502", email, 1, 1), order("9501", email, -48, 2, -24)], email, ["release-first", "promo-unless-held"]);
      expect(statuses).toEqual({ "promo-unless-held": "skipped", "release-first": "completed" });
      expect(hold).toMatchObject({ placedAt: at(-48), releasedAt: at(-24) });
      expectSameAsReality(r);
    }));
});
