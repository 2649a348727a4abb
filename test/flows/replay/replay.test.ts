import type { Store } from "../../../src/store/port.js";
import { describe, expect, it } from "vitest";
import { storeCounts } from "../../helpers/harness.js";
import { TIMING_FIELDS, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { deliveredFlow, engineFor, flowsDir, lateAlertFlow, ORDERS, useHistory, replayWith } from "./history.js";

const history = useHistory({ "late.yaml": lateAlertFlow() });

const withoutTiming = (r: ReplayResult) => {
  const copy: Record<string, unknown> = { ...r };
  for (const f of TIMING_FIELDS) delete copy[f];
  return copy;
};

describe("replay of stored history", () => {
  it("through the same flows and rules decides exactly what happened", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow() })));
    expect(r.diff).toEqual({ added: [], removed: [], changed: [] });
    // 3 orders: creation, fulfillment and pickup each, one delivery; the clock's timers are fired again, not copied.
    expect(r).toMatchObject({ eventsReplayed: 10, ordersTouched: 3, window: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T23:59:59.999Z" } });
    expect(r.timersFired).toBeGreaterThanOrEqual(4);
    // Something was compared: the late-alert runs (two signals for each late order) and the built-in
    // delivery flows' runs (delay notices, one of them capped as simultaneous, and a hold release), the
    // post-purchase messages' runs (confirmations, shipping, delivery, profile updates), and their actions.
    expect(r.summary.byKind.run.unchanged).toBe(22);
    expect(r.summary.byKind.action.unchanged).toBeGreaterThan(4);
  });

  it("a window that starts mid-history replays each touched order from its beginning", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow() })), { from: "2026-11-11T00:00:00Z", to: "2026-11-30" });
    expect(r.diff).toEqual({ added: [], removed: [], changed: [] });
    // The two quiet orders are touched by their timers; the delivered one has nothing in the window.
    expect(r.ordersTouched).toBe(2);
    expect(r.eventsReplayed).toBe(6);
    expect(r.summary.unchanged).toBeGreaterThan(0);
  });

  it("reads of the log before the window only what concerns the orders the window touches and their customers", async () => {
    // Every call the replay makes on the source, with its arguments.
    const calls: Array<{ method: string; args: unknown[] }> = [];
    const source = history().app.store;
    const spy = new Proxy(source, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== "function") return v;
        // The replay reads through the snapshot's view: the view of a store without one is the spy itself.
        if (prop === "readSnapshot") return (read: (view: Store) => Promise<unknown>) => read(receiver as Store);
        return (...args: unknown[]) => {
          calls.push({ method: String(prop), args });
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow() })), { source: spy, from: "2026-11-11T00:00:00Z", to: "2026-11-30" });
    expect(r.diff).toEqual({ added: [], removed: [], changed: [] });
    const methods = new Set(calls.map((c) => c.method));
    // No listing of the whole log or of every journey of the shop.
    for (const whole of ["listJourneys", "listEvents"]) expect(methods).not.toContain(whole);
    // The earlier-events question names only the touched orders (and their parcels), then the customer's other order.
    const asked = calls.filter((c) => c.method === "eventKeysBefore").map((c) => (c.args[1] as { orders: Array<{ orderId: string }> }).orders.map((o) => o.orderId).sort());
    expect(asked).toEqual([[ORDERS.big.id, ORDERS.small.id].sort(), [ORDERS.delivered.id]]);
  });

  it("a tightened condition: the actions it would no longer take are removed, each with the reason", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }) })));
    expect(r.diff.added).toEqual([]);
    const removed = r.diff.removed;
    expect(removed.map((e) => `${e.kind} ${e.source} ${e.orderId} ${e.key.split(":").slice(2, 3)}:${e.key.split(":").at(-1)}`)).toEqual([
      `action late-alert ${ORDERS.big.id} transit_stalled:tell-team`,
      `action late-alert ${ORDERS.big.id} transit_stalled:follow-up`,
      `action late-alert ${ORDERS.big.id} edd_missed:tell-team`,
      `action late-alert ${ORDERS.big.id} edd_missed:follow-up`,
    ]);
    for (const e of removed) expect(e.explanation).toBe("not run because order.total_price is 404.95, expected >= 500.0");
    expect(removed[0]!.what).toBe(`alert.team (step tell-team) {"text":"Late: #9999 (transit_stalled, ${ORDERS.big.tracking})"}`);

    // The runs themselves are changed, not removed: same trigger, now skipped; the cheap order's stay skipped.
    expect(r.diff.changed.map((e) => `${e.kind} ${e.orderId}`)).toEqual([`run ${ORDERS.big.id}`, `run ${ORDERS.big.id}`]);
    const run = r.diff.changed[0]!;
    expect(run.changes).toEqual([
      { field: "status", reality: "completed", replay: "skipped" },
      { field: "steps", reality: ["tell-team:done", "pause:done", "follow-up:done"], replay: [] },
    ]);
    expect(run.was).toBe("order.total_price is 404.95, expected >= 100.0; repeat customer: customer.orders_count is 3.0, expected >= 3");
    expect(r.summary).toMatchObject({ added: 0, removed: 4, changed: 2 });
  });

  it("a new flow: what it would have done is added", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow(), "delivered.yaml": deliveredFlow })));
    expect(r.diff.removed).toEqual([]);
    expect(r.diff.changed).toEqual([]);
    expect(r.diff.added.map((e) => [e.kind, e.source, e.orderId, e.at])).toEqual([
      ["run", "delivered-review", ORDERS.delivered.id, "2026-11-06T15:00:00.000Z"],
      ["action", "delivered-review", ORDERS.delivered.id, "2026-11-06T15:00:00.000Z"],
    ]);
    expect(r.diff.added[0]!.what).toBe("run completed on shipment.status_changed: tell-team:done");
    expect(r.diff.added[1]!.what).toBe(`alert.team (step tell-team) {"text":"Delivered: ${ORDERS.delivered.tracking}"}`);
    expect(r.diff.added[1]!.explanation).toBe("no conditions");
  });

  it("a removed flow: what reality did is listed as removed, saying the flow is gone", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({})));
    expect(r.diff.added).toEqual([]);
    expect(r.diff.removed.filter((e) => e.kind === "run")).toHaveLength(4);
    for (const e of r.diff.removed) expect(e.explanation).toBe("late-alert is not among the replayed flows and rules");
  });

  it("--flow narrows the comparison to one flow or rule; the rest still runs", async () => {
    const tightened = engineFor(flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }), "delivered.yaml": deliveredFlow }));
    const late = await replayWith(history(), tightened, { flowId: "late-alert" });
    expect(late.flowId).toBe("late-alert");
    expect([...late.diff.added, ...late.diff.removed, ...late.diff.changed].every((e) => e.source === "late-alert")).toBe(true);
    expect(late.summary).toMatchObject({ added: 0, removed: 4, changed: 2 });
    // The built-in delay notice (a flow now) is untouched by the change.
    const builtIn = await replayWith(history(), tightened, { flowId: "delay-notice" });
    expect(builtIn.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(builtIn.summary.byKind.run.unchanged).toBeGreaterThan(0);
  });

  it("is deterministic: two replays of the same history give the same result but for the timings", async () => {
    const engine = () => engineFor(flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }), "delivered.yaml": deliveredFlow }));
    const a = await replayWith(history(), engine());
    const b = await replayWith(history(), engine());
    expect(a.summary.added + a.summary.removed + a.summary.changed).toBeGreaterThan(0);
    expect(withoutTiming(b)).toEqual(withoutTiming(a));
    expect(a.durationMs).toBeGreaterThan(0);
    expect(a.eventsPerSecond).toBeGreaterThan(0);
  });

  it("leaves the source store as it was", async () => {
    const snapshot = async () => ({
      counts: await storeCounts(history().app),
      runs: await history().app.store.listRuns({ limit: 10_000 }),
      unprojected: await history().app.store.unprojected(100),
      timers: await history().app.store.dueTimers("2100-01-01T00:00:00.000Z", 10_000),
      journeys: await history().app.store.listJourneys(),
      decisions: await history().app.store.decisionsForOrder("snowdevil.myshopify.com", ORDERS.big.id),
    });
    const before = await snapshot();
    await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }), "delivered.yaml": deliveredFlow })));
    expect(await snapshot()).toEqual(before);
  });

  it("an empty window says so and compares nothing", async () => {
    const r = await replayWith(history(), engineFor(flowsDir({ "late.yaml": lateAlertFlow() })), { from: "2027-01-01", to: "2027-01-31" });
    expect(r).toMatchObject({ eventsReplayed: 0, ordersTouched: 0, window: { horizon: null }, summary: { added: 0, removed: 0, changed: 0, unchanged: 0 } });
  });

  it("refuses a window it cannot read", async () => {
    await expect(replayWith(history(), engineFor(flowsDir({})), { from: "yesterday" })).rejects.toThrow(/REPLAY_DATE_INVALID/);
  });

  it("refuses a window holding more events than maxEvents, counting them before reading any", async () => {
    const engine = engineFor(flowsDir({ "late.yaml": lateAlertFlow() }));
    const source = history().app.store;
    let read = false;
    // The store's own count, with its event read watched: a refused window must not be loaded.
    const watched = new Proxy(source, {
      get: (t, k, receiver) => {
        const v: unknown = Reflect.get(t, k);
        if (k === "listEventsBySourceTime") read = true;
        if (k === "readSnapshot") return (read: (view: Store) => Promise<unknown>) => read(receiver as Store);
        // Bound to the store itself: its private fields are not the proxy's.
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    await expect(replayWith(history(), engine, { source: watched, maxEvents: 9 })).rejects.toThrow(/^REPLAY_WINDOW_TOO_LARGE: the window .* holds 10 events, more than the 9 one replay takes/);
    expect(read).toBe(false);
    expect((await replayWith(history(), engine, { source: watched, maxEvents: 10 })).eventsReplayed).toBe(10);
    expect(read).toBe(true);
  });
});
