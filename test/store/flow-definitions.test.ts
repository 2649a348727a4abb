import type { Kysely } from "kysely";
import { expect, it, type TestContext } from "vitest";
import type { FlowRun } from "../../src/flows/engine/run.js";
import { runOutcomeOf } from "../../src/flows/engine/run-outcome.js";
import { KyselyStore } from "../../src/store/kysely-store.js";
import type { Store } from "../../src/store/port.js";
import { runColumns } from "../../src/store/rows.js";
import type { Database } from "../../src/store/schema.js";
import { onEveryBackend } from "./backends.js";
import { migratedBackTo } from "./migrate-to.js";
import { run, write } from "./builders.js";

const ORDER = "820982911946154508";

/** A definition shaped like the engine's: nested steps, a wait, conditions and limits. */
const definition = (over: Record<string, unknown> = {}) => ({
  id: "delay-notice",
  version: 1,
  enabled: true,
  trigger: { type: "signal.raised", filter: "signal.name == 'transit_stalled'" },
  conditions: ["order.total > 10"],
  limits: { frequency: { key: "{{ customer.id }}", max: 1, per: "7d" } },
  steps: [
    { id: "pause", wait: { duration: "1d" } },
    { id: "tell", action: "klaviyo.event", input: { metric: "Shipment Delayed", properties: { order: "{{ order.name }}" } } },
  ],
  ...over,
});

/** The SQL side of a store, or a skip: the memory store keeps runs by reference and has no rows to look at. */
function sqlOf(store: Store, ctx: TestContext): Kysely<Database> {
  if (!(store instanceof KyselyStore)) ctx.skip();
  return (store as KyselyStore).db;
}

const countDefinitions = async (db: Kysely<Database>) => Number((await db.selectFrom("flow_definitions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

/** Every read of runs the port has, for one order's runs. */
async function everyRead(store: Store, ids: string[]): Promise<Record<string, FlowRun[]>> {
  const byId = (runs: FlowRun[]) => [...runs].sort((a, b) => (a.id < b.id ? -1 : 1));
  const got = await Promise.all(ids.map((id) => store.getRun(id)));
  return {
    getRun: byId(got.filter((r): r is FlowRun => r !== null)),
    listRuns: byId(await store.listRuns({ orderId: ORDER })),
    openRunsForOrder: byId(await store.openRunsForOrder(run().shop, ORDER)),
    recordsForOrders: byId((await store.recordsForOrders([{ shop: run().shop, orderId: ORDER }])).runs),
    getRuns: byId(await store.getRuns(ids)),
  };
}

function flowDefinitionsContract(open: () => Promise<Store>) {
  it("reads a run back equal to what was written, by every read, with its keys in order", async () => {
    const store = await open();
    try {
      const a = run({ id: "run-a", flow: definition() });
      const b = run({ id: "run-b", flow: definition(), startedAt: "2026-11-10T01:00:00.000Z" });
      await store.applyProjection(write({ runs: [a] }));
      await store.saveRun(b, [], []);
      for (const [read, runs] of Object.entries(await everyRead(store, ["run-a", "run-b"]))) {
        expect(runs, read).toStrictEqual([a, b]);
        expect(runs.map((r) => Object.keys(r)), read).toEqual([Object.keys(a), Object.keys(b)]);
      }
    } finally {
      await store.close();
    }
  });

  it("gives the runs of one definition one parsed object", async () => {
    const store = await open();
    try {
      const flow = definition();
      await store.applyProjection(write({ runs: [run({ id: "run-a", flow }), run({ id: "run-b", flow })] }));
      const [a, b] = await store.listRuns({ orderId: ORDER });
      expect(a!.flow).toBe(b!.flow);
      expect((await store.getRun("run-a"))!.flow).toBe(a!.flow);
    } finally {
      await store.close();
    }
  });

  it("stores a definition once for all its runs, whatever its key order", async (ctx) => {
    const store = await open();
    try {
      const db = sqlOf(store, ctx);
      const reordered = Object.fromEntries(Object.entries(definition()).reverse());
      await store.applyProjection(write({ runs: [run({ id: "run-a", flow: definition() }), run({ id: "run-b", flow: definition() })] }));
      await store.saveRun(run({ id: "run-c", flow: reordered }), [], []);
      // Moving a run on writes its definition again: still the one row.
      await store.saveRun(run({ id: "run-a", flow: definition(), status: "completed", wait: null }), [], []);
      expect(await countDefinitions(db)).toBe(1);
      const rows = await db.selectFrom("flow_runs").select(["flow_hash", "data"]).execute();
      expect(new Set(rows.map((r) => r.flow_hash)).size).toBe(1);
      expect(rows.every((r) => (JSON.parse(r.data) as { flow: unknown }).flow === null)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("stores a changed definition apart, under the same version or a new one, and each run keeps its own", async (ctx) => {
    const store = await open();
    try {
      const db = sqlOf(store, ctx);
      const v1 = definition();
      const edited = definition({ steps: [{ id: "tell", action: "klaviyo.event", input: { metric: "Delayed" } }] });
      const v2 = definition({ version: 2 });
      const runs = [run({ id: "run-a", flow: v1 }), run({ id: "run-b", flow: edited }), run({ id: "run-c", flowVersion: 2, flow: v2 })];
      await store.applyProjection(write({ runs }));
      expect(await countDefinitions(db)).toBe(3);
      expect(await db.selectFrom("flow_definitions").select(["flow_id", "version"]).orderBy("version").execute()).toEqual([
        { flow_id: "delay-notice", version: 1 },
        { flow_id: "delay-notice", version: 1 },
        { flow_id: "delay-notice", version: 2 },
      ]);
      expect((await everyRead(store, ["run-a", "run-b", "run-c"])).getRun).toStrictEqual(runs);
    } finally {
      await store.close();
    }
  });

  it("reads a run stored with its definition inline (before migration 0007), and moves it to a shared one when it is written again", async (ctx) => {
    const store = await open();
    try {
      const db = sqlOf(store, ctx);
      const old = run({ flow: definition() });
      await db.insertInto("flow_runs").values(inlineRow(old)).execute();
      for (const [read, runs] of Object.entries(await everyRead(store, ["run-1"]))) expect(runs, read).toStrictEqual([old]);
      const moved = { ...old, status: "completed" as const, wait: null };
      await store.saveRun(moved, [], []);
      expect(await store.getRun("run-1")).toStrictEqual(moved);
      expect((await db.selectFrom("flow_runs").select("flow_hash").executeTakeFirstOrThrow()).flow_hash).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it("keeps runs' definitions through a projection reset", async (ctx) => {
    const store = await open();
    try {
      const r = run({ flow: definition() });
      await store.applyProjection(write({ runs: [r] }));
      await store.resetProjections();
      expect(await store.getRun("run-1")).toStrictEqual(r);
      expect(await countDefinitions(sqlOf(store, ctx))).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("migrates a store from before 0007 without rewriting its runs, and back", async (ctx) => {
    const store = await open();
    try {
      const { db, migrateToLatest } = await migratedBackTo(store, ctx, "0006_events_by_source_time");
      const old = run({ flow: definition() });
      const { flow_hash: _, outcome: __, ...before0007 } = inlineRow(old);
      await db.insertInto("flow_runs").values(before0007 as ReturnType<typeof inlineRow>).execute();
      expect(await migrateToLatest()).toEqual({ ok: true, applied: ["0007_flow_definitions", "0008_run_outcomes", "0009_projection_batches", "0010_events_by_ticket", "0011_recent_first", "0012_journey_digests", "0013_outbox_by_update"] });
      expect(await db.selectFrom("flow_runs").select(["flow_hash", "outcome", "data"]).execute()).toEqual([{ flow_hash: null, outcome: null, data: JSON.stringify(old) }]);
      expect(await store.getRun("run-1")).toStrictEqual(old);
      // A row from before 0008 has no outcome column value: it is worked out from the run's JSON.
      expect((await store.outcomesForOrders([{ shop: old.shop, orderId: ORDER }])).runs).toEqual([runOutcomeOf(old)]);
    } finally {
      await store.close();
    }
  });
}

/** A run's row as the store wrote it before migration 0007: the definition inside its JSON. */
const inlineRow = (r: FlowRun) => ({ ...runColumns(r), data: JSON.stringify(r), flow_hash: null });

onEveryBackend("Flow definitions stored once", flowDefinitionsContract);
