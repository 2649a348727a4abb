import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchEvents } from "../../../src/bench/bench-events.js";
import { simulate } from "../../../src/flows/replay/simulate.js";
import { copyHistory } from "../../../src/bench/copy-history.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import { replay, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { openSqliteStore, type SqliteStore } from "../../../src/store/sqlite/open.js";
import { join } from "node:path";
import { removeTempFolders, tempFolder } from "../../helpers/temp-files.js";
import { deliveredFlow, engineFor, flowsDir } from "./history.js";
import { lateWorker, workerDeps } from "./late-worker.js";

/**
 * Reality here is made by the live worker's own code (the projector and the timer runner) running
 * behind the log, as a worker does after a burst or a restart: arrivals pile up, each projection
 * step folds up to 40 of them while later ones are already stored, and timers fire late. The
 * replay folds in the steps reality's events record, so the same flows find no difference; folded
 * one arrival at a time (the history without its steps), they do.
 */

const events = benchEvents(8000);
const from = events[0]!.occurredAt;
const to = events.at(-1)!.occurredAt;
const deps = workerDeps;
const live = engineFor(flowsDir({}));
let reality: SqliteStore;
let same: ReplayResult;

beforeAll(async () => {
  reality = await openSqliteStore({ memory: true });
  await lateWorker(reality, live, events, { lag: 25, step: 40, end: to });
  same = await replay({ source: reality, from, to, engine: live, ...deps });
}, 120_000);
afterAll(async () => {
  await reality.close();
  removeTempFolders();
});

const differences = (r: ReplayResult) => r.summary.added + r.summary.removed + r.summary.changed;

describe("a replay of a worker that fell behind", () => {
  it("every event records the step that folded it; steps folded many arrivals and read events stored after their own", () => {
    const rows = reality.raw.prepare("select seq, projected_batch b, projected_through t from events").all() as Array<{ seq: number; b: number | null; t: number | null }>;
    expect(rows.length).toBeGreaterThan(events.length); // the clock's firings too
    expect(rows.every((r) => r.b !== null && r.t !== null && r.b >= r.seq && r.t >= r.b)).toBe(true);
    const steps = new Map<number, number>();
    for (const r of rows) steps.set(r.b!, (steps.get(r.b!) ?? 0) + 1);
    expect(Math.max(...steps.values())).toBe(40);
    expect(rows.filter((r) => r.t! > r.b!).length).toBeGreaterThan(10);
  });

  it("through the same flows finds no difference, timers fired late included", () => {
    expect(same.folded).toEqual({ inLiveSteps: same.eventsReplayed, byArrival: 0, notYet: 0 });
    expect(same.timersFired).toBeGreaterThan(10);
    expect(same.summary.unchanged).toBeGreaterThan(500);
    expect(differences(same)).toBe(0);
  });

  it("a new flow: only what it would have done is added", async () => {
    const r = await replay({ source: reality, from, to, engine: engineFor(flowsDir({ "delivered.yaml": deliveredFlow })), ...deps });
    expect(r.diff.added.length).toBeGreaterThan(10);
    expect(new Set(r.diff.added.map((e) => e.source))).toEqual(new Set(["delivered-review"]));
    expect(r.diff.removed).toEqual([]);
    expect(r.diff.changed).toEqual([]);
  });

  it("a window from the middle folds its orders' earlier events in their steps too", async () => {
    const middle = new Date((Date.parse(from) + Date.parse(to)) / 2).toISOString();
    const r = await replay({ source: reality, from: middle, to, engine: live, ...deps });
    expect(r.summary.unchanged).toBeGreaterThan(100);
    expect(differences(r)).toBe(0);
  });

  it("without its steps (events stored before they were kept), each arrival is folded alone and the replay sees what the steps hid", async () => {
    const file = join(tempFolder({}, "firebreak-steps-"), "reality.db");
    await reality.raw.backup(file);
    const old = await openSqliteStore({ file });
    try {
      old.raw.prepare("update events set projected_batch = null, projected_through = null").run();
      const r = await replay({ source: old, from, to, engine: live, ...deps });
      expect(r.folded).toEqual({ inLiveSteps: 0, byArrival: same.eventsReplayed, notYet: 0 });
      expect(differences(r)).toBeGreaterThan(0);
    } finally {
      await old.close();
    }
  });
});

describe("a history only some of whose events name their step", () => {
  it("folds the others one arrival at a time, among the steps: a worker that kept up took those same steps", async () => {
    const kept = new MemoryStore();
    const some = benchEvents(3000);
    const end = some.at(-1)!.occurredAt;
    await simulate({ store: kept, events: some, horizon: end, deps: { ...deps, flows: live, decide: true } });
    const store = await openSqliteStore({ memory: true });
    try {
      await copyHistory(kept, store);
      // Every third event, and the last 50, as if stored before steps were kept.
      const forgotten = store.raw.prepare("update events set projected_batch = null, projected_through = null where seq % 3 = 0 or seq > (select max(seq) - 50 from events)").run().changes;
      expect(forgotten).toBeGreaterThan(1000);
      const withSteps = store.raw.prepare("select count(*) from events where projected_batch is not null").pluck().get() as number;
      expect(withSteps).toBeGreaterThan(1000);
      const r = await replay({ source: store, from: some[0]!.occurredAt, to: end, engine: live, ...deps });
      expect(r.folded.byArrival).toBeGreaterThan(1000);
      expect(r.folded.inLiveSteps).toBeGreaterThan(1000);
      expect(r.summary.unchanged).toBeGreaterThan(500);
      expect(differences(r)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
