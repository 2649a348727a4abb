import { performance } from "node:perf_hooks";
import type { StoredEvent } from "../../core/event.js";
import type { ShopSettings } from "../../core/settings.js";
import type { Store } from "../../store/port.js";
import type { Rule } from "../rule.js";
import type { FlowEngine } from "../engine/orchestrate.js";
import { loadHistory, type LimitedFlow } from "./load-history.js";
import { explainFromRuns, mergeDiffs, type DiffEntry, type DiffKind } from "./diff.js";
import { chunksOf, replayChunk, type ChunkOutcome, type ChunkRequest } from "./chunk.js";
import { runLanes, type ReplayHelper } from "./lanes.js";
import { runnerTicks } from "./runner-ticks.js";
import { parseReplayWindow, type ReplayWindow } from "./window.js";
import { checkWindowSize } from "./window-size.js";
import { groupHistory, wholeShop, type Grouping, type ReplayGroup } from "./groups.js";
import type { ProjectorDeps } from "../../ingest/projector.js";

export type { DiffEntry, DiffKind, FieldChange } from "./diff.js";
export type { ReplayHelper } from "./lanes.js";
export type { ChunkOutcome, ChunkRequest } from "./chunk.js";
export { parseReplayWindow, type ReplayWindow, type WindowResult } from "./window.js";
export { checkWindowSize, REPLAY_MAX_EVENTS, type WindowSizeResult } from "./window-size.js";

export interface ReplayOptions {
  /** The live store: only read. */
  source: Store;
  /** ISO instants (see `parseReplayWindow` for what an operator may type). */
  from: string;
  to: string;
  /** Compare only this flow's (or rule's) runs, decisions and actions; every flow still runs. */
  flowId?: string | undefined;
  /** The flows to replay through: the live set, or a changed one. */
  engine: FlowEngine;
  rules: readonly Rule[];
  settingsFor(shop: string): ShopSettings;
  onProgress?(done: number, total: number): void;
  /** The most events the window may hold (`REPLAY_MAX_EVENTS` unless given): callers check it first with `checkWindowSize`. */
  maxEvents?: number;
  /** Milliseconds for the timing figures (injected so the rest stays a pure function of the history). */
  elapsed?: () => number;
  /**
   * `customer` (the default): each group of customers no flow can see across is replayed in a
   * store of its own (groups.ts), unless a flow counts across customers; `shop`: the whole window
   * in one store. Both decide the same.
   */
  groupBy?: "customer" | "shop";
  /**
   * Threads that replay some of the chunks (lanes.ts), through the same flows, rules and settings
   * and against the same store; none unless given.
   */
  helpers?: readonly ReplayHelper[];
  /** Events per chunk, the unit a thread takes (`CHUNK_EVENTS` unless given). */
  chunkEvents?: number;
}

type Counts = Record<"added" | "removed" | "changed" | "unchanged", number>;

export interface ReplayResult {
  /** `horizon`: how far the replay's clock ran (null when the window holds no event). */
  window: { from: string; to: string; horizon: string | null };
  flowId: string | null;
  /** Events fed to the replay (the window's, plus the earlier events of the orders it touches). */
  eventsReplayed: number;
  timersFired: number;
  ordersTouched: number;
  durationMs: number;
  eventsPerSecond: number;
  /** Where the time went: reading the source, folding and deciding, comparing (the last two summed over every thread that replayed). */
  phasesMs: { load: number; simulate: number; diff: number };
  /** How the history was split: by customer into `count` independent groups, or as one shop, and why. */
  groups: { by: Grouping["by"]; count: number; reason: string | null };
  /** Threads that replayed: this one and its helpers. */
  threads: number;
  /**
   * How the events were folded (simulate.ts): in the steps the live worker recorded on them, or
   * one arrival at a time where none was recorded (stored before steps were kept). `notYet`: the
   * window's events the live worker had not folded when the window was read, left out (reality
   * has decided nothing on them yet).
   */
  folded: { inLiveSteps: number; byArrival: number; notYet: number };
  diff: { added: DiffEntry[]; removed: DiffEntry[]; changed: DiffEntry[] };
  summary: Counts & { byKind: Record<DiffKind, Counts> };
}

/** The fields of a ReplayResult that are measurements, not outcomes (two replays differ only in these). */
export const TIMING_FIELDS = ["durationMs", "eventsPerSecond", "phasesMs"] as const;

/** Flows with operator limits, and how far back their limits count. */
function limitedFlows(engine: FlowEngine): LimitedFlow[] {
  return engine.flows.flatMap((f) => {
    const ms = [f.limits?.rate?.per, f.limits?.frequency?.per].map((p) => (p ? (engine.services.duration(p) ?? 0) : 0));
    const lookbackMs = Math.max(...ms);
    return lookbackMs > 0 ? [{ flowId: f.id, lookbackMs }] : [];
  });
}

/**
 * Dry run: the window's history through the given flows and rules, with a simulated clock and no
 * connector, a group of customers at a time in a fresh in-memory store of its own (groups.ts), each
 * compared with what the live store recorded for its orders. The source store is only read.
 * Deterministic: the same history, flows and rules give the same diff, on any number of threads.
 */
export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  const w = parseReplayWindow(opts.from, opts.to);
  if (!w.ok) throw new RangeError(`${w.code}: ${w.message}`);
  const elapsed = opts.elapsed ?? (() => performance.now());
  const t0 = elapsed();
  // The window and every record of reality it is compared with are read in one view: a worker
  // folding new events meanwhile would otherwise give reality records of events the replay never read.
  return opts.source.readSnapshot((source) => replayIn(source, { from: w.from, to: w.to }, opts, elapsed, t0));
}

async function replayIn(source: Store, w: ReplayWindow, opts: ReplayOptions, elapsed: () => number, t0: number): Promise<ReplayResult> {
  const size = await checkWindowSize(source, w, opts.maxEvents);
  if (!size.ok) throw new RangeError(`${size.code}: ${size.message}`);

  const history = await loadHistory(source, w, limitedFlows(opts.engine));
  const t1 = elapsed();

  const grouping: Grouping = opts.groupBy === "shop" ? wholeShop(history, "asked for one group") : groupHistory(history, opts.engine.flows);
  let outcomes: ChunkOutcome[] = [];
  if (history.horizon !== null) {
    const horizon = history.horizon;
    const decide: Omit<ProjectorDeps, "store"> = { settingsFor: opts.settingsFor, rules: opts.rules, flows: opts.engine, decide: true };
    const replayedSources = [...new Set([...opts.engine.flows.filter((f) => f.enabled !== false).map((f) => f.id), ...opts.rules.map((r) => r.id)])];
    const helpers = opts.helpers ?? [];
    let done = 0;
    const progress = (events: number) => {
      done += events;
      opts.onProgress?.(done, history.events.length);
    };
    // Where reality's timer runner is seen to have run: from every firing of the window, the clock of every group.
    const ticks = runnerTicks(history.firings);
    const requestOf = (groups: readonly ReplayGroup[]): ChunkRequest => ({ groups, from: w.from, horizon, flowId: opts.flowId, replayedSources, ticks, seedSteps: history.seedSteps });
    const local = (groups: readonly ReplayGroup[]) =>
      replayChunk(requestOf(groups), {
        source,
        decide,
        elapsed,
        // With helpers, a turn of the event loop after each group lets their answers in, so they are handed their next chunk.
        afterGroup: async (events) => {
          progress(events);
          if (helpers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        },
      });
    // A helper has no store: reality goes to it with the chunk, read here, in this view.
    const remote = helpers.map((h) => async (groups: readonly ReplayGroup[]) => {
      const ta = elapsed();
      const reality = await source.outcomesForOrders(groups.flatMap((g) => g.touched));
      const readMs = elapsed() - ta;
      const outcome = await h.run({ ...requestOf(groups), reality });
      progress(outcome.events);
      return { ...outcome, diffMs: outcome.diffMs + readMs };
    });
    outcomes = await runLanes(chunksOf(grouping.groups, opts.chunkEvents), local, remote);
  }
  const diff = mergeDiffs(outcomes.map((o) => o.diff));
  // In this view, whichever thread compared: the few runs that differ are read whole to say why.
  const te = elapsed();
  await explainFromRuns(diff, (ids) => source.getRuns(ids));
  const explainMs = elapsed() - te;
  const timersFired = outcomes.reduce((n, o) => n + o.timersFired, 0);
  // Folding and deciding alternate with comparing, group by group, and threads work at once: each phase is its time summed over every thread.
  const simulateMs = outcomes.reduce((n, o) => n + o.simulateMs, 0);
  const diffMs = outcomes.reduce((n, o) => n + o.diffMs, explainMs);
  const t3 = elapsed();

  const durationMs = t3 - t0;
  const count = (entries: DiffEntry[], kind?: DiffKind) => entries.filter((e) => kind === undefined || e.kind === kind).length;
  const countsFor = (kind?: DiffKind): Counts => ({
    added: count(diff.added, kind),
    removed: count(diff.removed, kind),
    changed: count(diff.changed, kind),
    unchanged: kind ? diff.unchanged[kind] : diff.unchanged.decision + diff.unchanged.run + diff.unchanged.action,
  });
  return {
    window: { from: w.from, to: w.to, horizon: history.horizon },
    flowId: opts.flowId ?? null,
    eventsReplayed: history.events.length,
    timersFired,
    ordersTouched: history.touched.length,
    durationMs,
    eventsPerSecond: durationMs > 0 ? history.events.length / (durationMs / 1000) : 0,
    phasesMs: { load: t1 - t0, simulate: simulateMs, diff: diffMs },
    groups: { by: grouping.by, count: grouping.groups.length, reason: grouping.reason },
    threads: 1 + (opts.helpers?.length ?? 0),
    folded: { ...foldedOf(history.events), notYet: history.notYetFolded },
    diff: { added: diff.added, removed: diff.removed, changed: diff.changed },
    summary: { ...countsFor(), byKind: { decision: countsFor("decision"), run: countsFor("run"), action: countsFor("action") } },
  };
}

function foldedOf(events: readonly StoredEvent[]): Omit<ReplayResult["folded"], "notYet"> {
  let inLiveSteps = 0;
  for (const e of events) if (e.projectedIn !== undefined) inLiveSteps++;
  return { inLiveSteps, byArrival: events.length - inLiveSteps };
}
