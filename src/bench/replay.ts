/**
 * `npm run bench` (after ingest): replay throughput. 20,000 events (BENCH_REPLAY_EVENTS) from the
 * demo's simulated shop — orders, fulfillments, EasyPost and AfterShip scans, about 15 % late and
 * 2 % with exceptions — are normalized as the ingest pipeline would (no HTTP). Their live history
 * (journeys, decisions, runs, outbox) is built by the same fold the worker runs, then copied into
 * a SQLite store. A replay of the whole window is timed from that store and from memory in this
 * (warm) process, and from SQLite in fresh processes, one replay each, as `firebreak replay` runs,
 * for two sets of flows (replay-sets.ts): every built-in flow plus the two example flows, and the
 * delivery flows alone. A warm process has already compiled the replay's hot code and filled its
 * memos, as a server's worker has; a fresh one has not. Beside them, a reference measured in the same
 * run: JSON-parse the stored payloads and fold each order once with `projectJourney`, no store, no
 * rules, no flows. A replay of the last tenth of the span from SQLite shows a recent window, whose
 * touched orders' earlier history is read by key. Every figure is the best of BENCH_REPLAY_REPS
 * runs (3), the slowest beside it: the machine is shared. Each replay's share is against the best
 * of the reference runs made just before each of its runs, since the machine's speed drifts within
 * a minute. Each replay must find no difference: the same history through the same flows decides
 * the same. With FIREBREAK_BENCH_DATABASE_URL set (a PostgreSQL database the bench may create and
 * drop a schema in), the delivery flows' history is also copied there and replayed from it, the
 * scale-out path, where every read is a round trip.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { StoredEvent } from "../core/event.js";
import type { NormalizedPayload } from "../core/normalized.js";
import { defaultShopSettings } from "../core/settings.js";
import { projectJourney } from "../core/journey-project.js";
import { simulate } from "../flows/replay/simulate.js";
import { replay, type ReplayResult } from "../flows/replay/replay.js";
import type { FlowEngine } from "../flows/engine/orchestrate.js";
import { openSqliteStore, type SqliteStore } from "../store/sqlite/open.js";
import { MemoryStore } from "../store/memory/memory-store.js";
import type { Store } from "../store/port.js";
import { BENCH_SHOP as SHOP, benchEvents, eventsByOrder } from "./bench-events.js";
import { copyHistory } from "./copy-history.js";
import { REPLAY_SETS, depsOf, setupOf, type ReplaySetId } from "./replay-sets.js";
import { SQLITE_FILE_NAME } from "../store/sqlite/open.js";
import { REPLAY_MAX_EVENTS } from "../flows/replay/window-size.js";
import { inProcessReplayRunner, type ReplayRunner } from "../flows/replay/runner.js";
import { threadReplayRunner } from "../server/replay-thread.js";
import { openPostgresStore } from "../store/postgres/open.js";
import { sql } from "kysely";

const here = dirname(fileURLToPath(import.meta.url));
const PG_URL = process.env.FIREBREAK_BENCH_DATABASE_URL;
const N = Number(process.env.BENCH_REPLAY_EVENTS ?? 20_000);
const REPS = Math.max(1, Number(process.env.BENCH_REPLAY_REPS ?? 3));

/**
 * Each timed run starts from a collected heap, as a CLI replay starts in a fresh process: without
 * it, a run paid for collecting the garbage of the runs before it (the SQLite replays, whose source
 * rows and parsed events all die at the end, most). `npm run bench` passes --expose-gc.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** The reference: parse the stored payloads and fold each order once, nothing else. */
function reference(events: StoredEvent[]): { ms: number; orders: number } {
  const stored = events.map((e) => ({ ...e, payload: JSON.stringify(e.payload) }));
  const t0 = performance.now();
  const byOrder = eventsByOrder(stored.map((s) => ({ ...s, payload: JSON.parse(s.payload) as NormalizedPayload })));
  for (const [orderId, list] of byOrder) projectJourney(SHOP, orderId, list, defaultShopSettings);
  return { ms: performance.now() - t0, orders: byOrder.size };
}

const flowSets = (Object.keys(REPLAY_SETS) as ReplaySetId[]).map((id) => {
  const setup = setupOf(id);
  return { id, name: REPLAY_SETS[id].name, engine: setup.engine, setup };
});

const events = benchEvents(N);
const from = events[0]!.occurredAt;
const to = events[events.length - 1]!.occurredAt;
const refs = Array.from({ length: REPS }, () => {
  collectGarbage();
  return reference(events);
});
const ref = { ms: Math.min(...refs.map((r) => r.ms)), slowest: Math.max(...refs.map((r) => r.ms)), orders: refs[0]!.orders };

/** The live history: the same fold the worker runs, with every timer firing at its due time. */
async function live(store: Store, engine: FlowEngine): Promise<number> {
  collectGarbage();
  const t0 = performance.now();
  await simulate({ store, events, horizon: to, deps: depsOf(engine) });
  return performance.now() - t0;
}

/** What the stored runs cost: their bytes in the SQLite file, and reading every one back through the port. */
async function storedRuns(store: SqliteStore): Promise<string> {
  const bytesOf = (table: string) => store.raw.prepare(`select coalesce(sum(length(cast(data as blob))), 0) from ${table}`).pluck().get() as number;
  const definitions = store.raw.prepare("select count(*) from flow_definitions").pluck().get() as number;
  const t0 = performance.now();
  const runs = await store.listRuns({ limit: Number.MAX_SAFE_INTEGER });
  const ms = performance.now() - t0;
  const outcomes = store.raw.prepare("select coalesce(sum(length(cast(outcome as blob))), 0) from flow_runs").pluck().get() as number;
  return `stored runs in SQLite: ${runs.length} runs, ${(bytesOf("flow_runs") / 1e6).toFixed(1)} MB of run JSON + ${definitions} flow definitions, ${(bytesOf("flow_definitions") / 1e3).toFixed(1)} kB; read all in ${Math.round(ms)} ms. Their outcomes (what a replay compares): ${(outcomes / 1e6).toFixed(1)} MB`;
}

let runsLine = "";
let apiLine = "";

/** One replay through a runner, and the longest this thread's event loop went without a turn meanwhile: what a webhook would have waited. */
async function stalls(runner: ReplayRunner, request: Parameters<ReplayRunner["run"]>[0]): Promise<{ ms: number; stallMs: number }> {
  collectGarbage();
  let last = performance.now();
  let longest = 0;
  let done = false;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setTimeout(turn, 1);
  };
  setTimeout(turn, 1);
  const t0 = performance.now();
  await runner.run(request);
  const end = performance.now();
  // A loop held to the end never turned: its stall runs until now.
  longest = Math.max(longest, end - last);
  done = true;
  return { ms: end - t0, stallMs: longest };
}
const dir = mkdtempSync(join(tmpdir(), "firebreak-bench-replay-"));
const rows: Array<{ name: string; ms: number; slowest: number; detail: string; events?: number; refMs?: number }> = [];

/** What a timed replay reports, in this process (ReplayResult) or from a fresh one (replay-once.js). */
interface Timed {
  durationMs: number;
  phasesMs: ReplayResult["phasesMs"];
}

/**
 * REPS replays, each right after a reference run: the machine's speed drifts within a minute, so
 * the share of a replay is taken against the reference measured beside it, not at the start.
 */
async function repeated<T extends Timed>(run: () => T | Promise<T>): Promise<{ best: T; slowest: number; refMs: number }> {
  const reps: Array<{ result: T; refMs: number }> = [];
  for (let i = 0; i < REPS; i++) {
    collectGarbage();
    const refMs = reference(events).ms;
    collectGarbage();
    reps.push({ result: await run(), refMs });
  }
  const best = reps.reduce((a, b) => (b.result.durationMs < a.result.durationMs ? b : a));
  // The best of the references beside them, as the replay's best is taken: one reference run can meet a GC pause too.
  return { best: best.result, slowest: Math.max(...reps.map((r) => r.result.durationMs)), refMs: Math.min(...reps.map((r) => r.refMs)) };
}

/** What replay-once.js prints. */
interface Once extends Timed {
  differences: number;
  processMs: number;
}

/** The same history in a PostgreSQL schema of its own (dropped after): a recent window and the whole one, replayed from it. */
async function postgresRows(memory: MemoryStore, set: (typeof flowSets)[number], recentFrom: string): Promise<void> {
  const schema = `firebreak_bench_replay_${process.pid}`;
  const pgStore = await openPostgresStore({ connectionString: PG_URL!, schema });
  try {
    await copyHistory(memory, pgStore);
    for (const [window, start] of [["the last tenth of the span", recentFrom], ["the whole window", from]] as const) {
      const runs = await repeated(() => replay({ source: pgStore, from: start, to, ...depsOf(set.engine), engine: set.engine }));
      const best = runs.best;
      rows.push({
        name: `replay of ${window} through ${set.name}, from PostgreSQL: ${best.eventsReplayed} events of ${best.ordersTouched} orders`,
        ms: best.durationMs,
        slowest: runs.slowest,
        refMs: runs.refMs,
        events: best.eventsReplayed,
        detail: `read ${Math.round(best.phasesMs.load)} ms, fold+decide ${Math.round(best.phasesMs.simulate)} ms, diff ${Math.round(best.phasesMs.diff)} ms (reality's records read per chunk); ${best.summary.added + best.summary.removed + best.summary.changed} differences`,
      });
    }
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(pgStore.db);
    await pgStore.close();
  }
}

/** One replay of the whole window in its own fresh process (replay-once.js): what `firebreak replay` meets, nothing warmed by earlier runs. */
function freshProcess(file: string, id: ReplaySetId, threads = 1): Once {
  return JSON.parse(execFileSync(process.execPath, [join(here, "replay-once.js"), file, id, from, to, String(threads)], { encoding: "utf8" })) as Once;
}

try {
  for (const set of flowSets) {
    const memory = new MemoryStore();
    const liveMs = await live(memory, set.engine);
    rows.push({ name: `live history through ${set.name}: append + fold + flows + timers, per arrival, in a MemoryStore (once)`, ms: liveMs, slowest: liveMs, detail: "what the worker does when it keeps up; the replay repeats it" });
    // A data folder per set: the replay thread opens the store as the server does, by its folder.
    const dataDir = join(dir, set.id);
    mkdirSync(dataDir);
    const file = join(dataDir, SQLITE_FILE_NAME);
    const sqlite = await openSqliteStore({ file, synchronous: "NORMAL" });
    try {
      await copyHistory(memory, sqlite);
      if (runsLine === "") runsLine = await storedRuns(sqlite);
      // A recent window (the last tenth of the span): earlier history is read only for the orders it touches.
      const recentFrom = new Date(Date.parse(from) + (Date.parse(to) - Date.parse(from)) * 0.9).toISOString();
      const recent = await repeated(() => replay({ source: sqlite, from: recentFrom, to, ...depsOf(set.engine), engine: set.engine }));
      const bestRecent = recent.best;
      rows.push({
        name: `replay of the last tenth of the span through ${set.name}, from SQLite: ${bestRecent.eventsReplayed} events of ${bestRecent.ordersTouched} orders`,
        ms: bestRecent.durationMs,
        slowest: recent.slowest,
        refMs: recent.refMs,
        events: bestRecent.eventsReplayed,
        detail: `read ${Math.round(bestRecent.phasesMs.load)} ms (earlier events of the touched orders and their customers' other orders included), fold+decide ${Math.round(bestRecent.phasesMs.simulate)} ms, diff ${Math.round(bestRecent.phasesMs.diff)} ms; ${bestRecent.summary.added + bestRecent.summary.removed + bestRecent.summary.changed} differences`,
      });
      for (const [source, where] of [[sqlite, "from SQLite, in a warm process (the server's case: its worker runs the same code all day)"], [memory, "from a MemoryStore, in a warm process"]] as const) {
        const runs = await repeated(() => replay({ source, from, to, ...depsOf(set.engine), engine: set.engine }));
        const best = runs.best;
        const diff = best.summary.added + best.summary.removed + best.summary.changed;
        rows.push({
          name: `replay through ${set.name}, ${where}`,
          ms: best.durationMs,
          slowest: runs.slowest,
          refMs: runs.refMs,
          detail: `read ${Math.round(best.phasesMs.load)} ms, fold+decide ${Math.round(best.phasesMs.simulate)} ms, diff ${Math.round(best.phasesMs.diff)} ms; ${best.timersFired} timers, ${best.summary.unchanged} records compared, ${diff} differences`,
        });
      }
      const fresh = await repeated(() => freshProcess(file, set.id));
      rows.push({
        name: `replay through ${set.name}, from SQLite in a fresh process (the CLI's case: its code, compiled expressions and memos all cold)`,
        ms: fresh.best.durationMs,
        slowest: fresh.slowest,
        refMs: fresh.refMs,
        detail: `read ${Math.round(fresh.best.phasesMs.load)} ms, fold+decide ${Math.round(fresh.best.phasesMs.simulate)} ms, diff ${Math.round(fresh.best.phasesMs.diff)} ms; ${Math.round(fresh.best.processMs)} ms from the process's start (loading the modules included); ${fresh.best.differences} differences`,
      });
      // `--threads 2`: a helper thread takes chunks of the groups (what more cores would do; see defaultReplayThreads).
      const twoThreads = await repeated(() => freshProcess(file, set.id, 2));
      rows.push({
        name: `replay through ${set.name}, from SQLite in a fresh process on 2 threads (\`firebreak replay --threads 2\`)`,
        ms: twoThreads.best.durationMs,
        slowest: twoThreads.slowest,
        refMs: twoThreads.refMs,
        detail: `read ${Math.round(twoThreads.best.phasesMs.load)} ms, fold+decide ${Math.round(twoThreads.best.phasesMs.simulate)} ms and diff ${Math.round(twoThreads.best.phasesMs.diff)} ms summed over both threads; ${Math.round(twoThreads.best.processMs)} ms from the process's start; ${twoThreads.best.differences} differences`,
      });
      if (set.id === "delivery" && PG_URL) await postgresRows(memory, set, recentFrom);
      if (set.id === "delivery") {
        const thread = threadReplayRunner(
          { store: { kind: "sqlite", dataDir }, flows: set.setup.definitions, policy: set.setup.policy, disabled: [], settings: [] },
          { workerUrl: new URL("../server/replay-worker.js", import.meta.url) },
        );
        try {
          const request = { from, to, maxEvents: REPLAY_MAX_EVENTS };
          const inServer = await stalls(inProcessReplayRunner({ source: sqlite, ...depsOf(set.engine), engine: set.engine }), request);
          const cold = await stalls(thread, request);
          const warm = await stalls(thread, request);
          apiLine = `API replay through ${set.name} (from SQLite), and the server's event loop meanwhile: in the server's own thread the loop stalled ${Math.round(inServer.stallMs)} ms of a ${Math.round(inServer.ms)} ms replay; in a worker thread its longest stall was ${Math.round(Math.max(cold.stallMs, warm.stallMs))} ms, the replays ${Math.round(cold.ms)} ms (the thread's first, cold: starting it included) and ${Math.round(warm.ms)} ms (warm), each from request to answer`;
        } finally {
          await thread.close();
        }
      }
    } finally {
      await sqlite.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const eps = (ms: number) => Math.round(N / (ms / 1000));
const heap = (globalThis as { gc?: unknown }).gc ? "the heap collected before each timed run" : "the heap not collected between runs (run with --expose-gc to)";
process.stdout.write(`\nreplay: node ${process.version}, ${N} events (${ref.orders} orders), best of ${REPS}, ${heap}\n`);
for (const set of flowSets) process.stdout.write(`${set.name}: ${set.engine.flows.map((f) => f.id).join(", ")}\n`);
process.stdout.write("\n| measurement | ms (best) | slowest | events/s | vs reference | where the time goes |\n|---|---:|---:|---:|---:|---|\n");
process.stdout.write(`| reference: JSON.parse + projectJourney once per order, no store | ${Math.round(ref.ms)} | ${Math.round(ref.slowest)} | ${eps(ref.ms)} | 100% | |\n`);
for (const r of rows) {
  const perSecond = Math.round((r.events ?? N) / (r.ms / 1000));
  // The reference folds all N events; a row over fewer events is compared per event. A replay is
  // compared with the reference run just before it (the live history, run once, with the best one).
  const share = (((r.refMs ?? ref.ms) / N) / (r.ms / (r.events ?? N))) * 100;
  process.stdout.write(`| ${r.name} | ${Math.round(r.ms)} | ${Math.round(r.slowest)} | ${perSecond} | ${share.toFixed(0)}% | ${r.detail} |\n`);
}
process.stdout.write(`\n${runsLine}\n`);
if (!PG_URL) process.stdout.write("\nreplay from PostgreSQL: not measured (set FIREBREAK_BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test, to add its rows)\n");
if (apiLine) process.stdout.write(`\n${apiLine}\n`);
