import type { ProjectorDeps } from "../../ingest/projector.js";
import { MemoryStore } from "../../store/memory/memory-store.js";
import type { OrderOutcomes, OrderRecords, ProjectionWrite, Store } from "../../store/port.js";
import { emptyProjectionWrite } from "../../store/projection-write.js";
import { diffSides, mergeDiffs, type DiffResult } from "./diff.js";
import type { ReplayGroup } from "./groups.js";
import { simulate, type Seed } from "./simulate.js";
import { PlannedTimers } from "../../ingest/planned-timers.js";
import type { HoldInStep } from "../../ingest/projector.js";
import type { RunnerTick } from "./runner-ticks.js";
import { holdKey, type SeedSteps } from "./load-history.js";

/**
 * A chunk: groups replayed and compared together, with one read of reality's records for all
 * their orders. The unit a replay hands to a thread (lanes.ts); plain data, so it can cross to one.
 */
export interface ChunkRequest {
  groups: readonly ReplayGroup[];
  from: string;
  horizon: string;
  flowId: string | undefined;
  /** Flow and rule ids the replay runs (the diff says "not among the replayed flows" for others). */
  replayedSources: readonly string[];
  /** Where reality's timer runner is seen to have run (runner-ticks.ts, from the window's firings): every group's clock. */
  ticks: readonly RunnerTick[];
  /** Where reality made each group's seeds (History.seedSteps). */
  seedSteps: SeedSteps;
  /**
   * Reality's records for the groups' orders, when the replay read them in its consistent view
   * and hands them to a helper thread, which has no store; read from `source` when absent.
   */
  reality?: OrderOutcomes;
}

/**
 * What a chunk found: its diff and where its time went. Plain data too. Explanations that need a
 * run of reality's read whole are left in `diff.unexplained`, for the replay to write in its view.
 */
export interface ChunkOutcome {
  diff: DiffResult;
  timersFired: number;
  events: number;
  simulateMs: number;
  diffMs: number;
}

/** What replaying a chunk needs besides the request: reality's store, the flows and rules, a clock for the timings. */
export interface ChunkDeps {
  /** Reality, only read, for a request that does not carry its records (a helper thread has none). */
  source?: Pick<Store, "outcomesForOrders">;
  decide: Omit<ProjectorDeps, "store">;
  elapsed: () => number;
  /** After each group, with its events: progress, and a turn for the thread's messages. */
  afterGroup?(events: number): Promise<void> | void;
}

/** Events per chunk: few enough reads of reality, and chunks small enough to share among threads evenly. */
export const CHUNK_EVENTS = 2_000;

/** Groups in runs of about `size` events, in their order. */
export function chunksOf(groups: readonly ReplayGroup[], size = CHUNK_EVENTS): ReplayGroup[][] {
  const out: ReplayGroup[][] = [];
  let cur: ReplayGroup[] = [];
  let events = 0;
  for (const g of groups) {
    cur.push(g);
    events += g.events.length;
    if (events >= size) {
      out.push(cur);
      cur = [];
      events = 0;
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Each group of the chunk through the flows in a fresh store of its own, compared with reality's
 * records for the same orders as soon as it ends (its store and records are dropped then).
 */
export async function replayChunk(request: ChunkRequest, deps: ChunkDeps): Promise<ChunkOutcome> {
  const { groups, from, horizon, flowId, ticks, seedSteps } = request;
  const replayedSources = new Set(request.replayedSources);
  const t0 = deps.elapsed();
  // Reality's runs as their outcomes: what is compared. The few that differ are read whole below, to say why.
  const reality = splitByGroup(request.reality ?? (await realityOf(deps, groups)), groups);
  let diffMs = deps.elapsed() - t0;
  let simulateMs = 0;
  let timersFired = 0;
  let events = 0;
  const diffs: DiffResult[] = [];
  for (const [i, group] of groups.entries()) {
    const ta = deps.elapsed();
    const out = await replayGroup(group, horizon, ticks, seedSteps, deps.decide);
    const tb = deps.elapsed();
    const diff = diffSides({ reality: reality[i]!, replay: out.records, from, horizon, flowId, replayedSources });
    reality[i] = NO_RECORDS;
    diffs.push(diff);
    simulateMs += tb - ta;
    diffMs += deps.elapsed() - tb;
    timersFired += out.timersFired;
    events += group.events.length;
    await deps.afterGroup?.(group.events.length);
  }
  return { diff: mergeDiffs(diffs), timersFired, events, simulateMs, diffMs };
}

function realityOf(deps: ChunkDeps, groups: readonly ReplayGroup[]): Promise<OrderOutcomes> {
  if (!deps.source) throw new TypeError("replayChunk: a request without reality's records needs the source store");
  return deps.source.outcomesForOrders(groups.flatMap((g) => g.touched));
}

/** One group through the flows in a fresh store of its own, its seeds placed where reality made them. */
async function replayGroup(group: ReplayGroup, horizon: string, ticks: readonly RunnerTick[], seedSteps: SeedSteps, decide: Omit<ProjectorDeps, "store">): Promise<{ records: OrderRecords; timersFired: number }> {
  const store = new MemoryStore();
  // A run's start decision is compared as its run (side-index.ts): the replay does not write it.
  // The group's store hands back the journeys it is given: its folds' planned timers are found again.
  const deps = { ...decide, runStartDecisions: false, plannedTimers: new PlannedTimers() };
  const timersFired = await simulate({ store, events: group.events, firings: group.firings, ticks, seeds: seedsOf(group, seedSteps), horizon, deps });
  return { records: await store.recordsForOrders(group.touched), timersFired };
}

/** The group's seeds as writes at their steps (`Seed`); seeds whose step is unknown before the first. */
function seedsOf(group: ReplayGroup, steps: SeedSteps): Seed[] {
  const at = new Map<number, { write: ProjectionWrite; within: HoldInStep[] }>();
  const seedAt = (step: number) => {
    let s = at.get(step);
    if (s === undefined) at.set(step, (s = { write: emptyProjectionWrite(), within: [] }));
    return s;
  };
  const writeAt = (step: number) => seedAt(step).write;
  // Within the step that placed it, to the orders the step folded after the one that placed it (the
  // projector hands a step's own holds on so). Released after the step that released it (a step's
  // own orders still saw it held: the projector does not take a step's releases from them).
  for (const h of group.seedHolds) {
    const key = holdKey(h);
    const placed = steps.holds[key];
    const hold = { ...h, releasedAt: null, releaseReason: null };
    if (placed === undefined) writeAt(0).holdsPlaced.push(hold);
    else seedAt(placed.step).within.push({ at: placed.at, hold });
    const released = steps.holdReleases[key];
    if (h.releasedAt !== null && released !== undefined) writeAt(released).holdsReleased.push({ shop: h.shop, customerKey: h.customerKey, shipmentKey: h.shipmentKey, releasedAt: h.releasedAt, reason: h.releaseReason ?? "" });
  }
  for (const j of group.seedJourneys) {
    const w = writeAt(steps.journeys[`${j.shop}\0${j.orderId}`] ?? 0);
    w.journeys.push(j);
    // What ticket matching looks orders up by (names, e-mails): a customer's earlier order counts for "their most recent order".
    (w.orderRefs ??= []).push({ shop: j.shop, orderId: j.orderId, name: j.name, email: j.email?.toLowerCase() ?? null, createdAt: j.createdAt ?? j.asOf });
  }
  // A run counts toward limits in the very step that made it (the projector counts its own batch's
  // runs), a journey toward `customer.orders_count` only once stored: a run is given just before its step.
  for (const r of group.seedRuns) writeAt(Math.max(0, (steps.runs[r.id] ?? 0) - 1)).runs.push(r);
  return [...at.entries()].sort((a, b) => a[0] - b[0]).map(([step, { write, within }]) => ({ step, write, ...(within.length > 0 ? { within } : {}) }));
}

const NO_RECORDS: OrderOutcomes = { decisions: [], runs: [], outbox: [] };

/** Reality's records for the chunk's orders, as one side per group (each order is in one group). */
function splitByGroup(all: OrderOutcomes, groups: readonly ReplayGroup[]): OrderOutcomes[] {
  const sides = groups.map((): OrderOutcomes => ({ decisions: [], runs: [], outbox: [] }));
  const groupOf = new Map<string, OrderOutcomes>();
  groups.forEach((g, i) => {
    for (const o of g.touched) groupOf.set(`${o.shop}\0${o.orderId}`, sides[i]!);
  });
  const sideOf = (shop: string, orderId: string | null) => groupOf.get(`${shop}\0${orderId ?? ""}`);
  for (const d of all.decisions) sideOf(d.shop, d.orderId)?.decisions.push(d);
  for (const r of all.runs) sideOf(r.shop, r.orderId)?.runs.push(r);
  for (const a of all.outbox) sideOf(a.shop, a.orderId)?.outbox.push(a);
  return sides;
}
