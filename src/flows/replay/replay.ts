import { performance } from "node:perf_hooks";
import type { ShopSettings } from "../../core/settings.js";
import type { Store } from "../../store/port.js";
import { MemoryStore } from "../../store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../store/projection-write.js";
import type { OrderOutcomes, OrderRecords } from "../../store/port.js";
import type { Rule } from "../rule.js";
import type { FlowEngine } from "../engine/orchestrate.js";
import { loadHistory, type LimitedFlow } from "./load-history.js";
import { simulate } from "./simulate.js";
import { diffSides, explainFromRuns, mergeDiffs, type DiffEntry, type DiffKind, type DiffResult } from "./diff.js";
import { parseReplayWindow } from "./window.js";
import { checkWindowSize } from "./window-size.js";
import { groupHistory, type Grouping, type ReplayGroup } from "./groups.js";
import type { ProjectorDeps } from "../../ingest/projector.js";

export type { DiffEntry, DiffKind, FieldChange } from "./diff.js";
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
  /** Where the time went: reading the source, folding and deciding, comparing. */
  phasesMs: { load: number; simulate: number; diff: number };
  /** How the history was split: by customer into `count` independent groups, or as one shop, and why. */
  groups: { by: Grouping["by"]; count: number; reason: string | null };
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
 * Dry run: the window's history through the given flows and rules, in a fresh in-memory store,
 * with a simulated clock and no connector, then compared with what the live store recorded for
 * the same window. The source store is only read. Deterministic: the same history, flows and
 * rules give the same diff.
 */
export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  const w = parseReplayWindow(opts.from, opts.to);
  if (!w.ok) throw new RangeError(`${w.code}: ${w.message}`);
  const elapsed = opts.elapsed ?? (() => performance.now());
  const t0 = elapsed();
  const size = await checkWindowSize(opts.source, w, opts.maxEvents);
  if (!size.ok) throw new RangeError(`${size.code}: ${size.message}`);

  const history = await loadHistory(opts.source, w, limitedFlows(opts.engine));
  const t1 = elapsed();

  const grouping: Grouping = opts.groupBy === "shop"
    ? { by: "shop", reason: "asked for one group", groups: [{ events: history.events, touched: history.touched, seedJourneys: history.seedJourneys, seedHolds: history.seedHolds, seedRuns: history.seedRuns }] }
    : groupHistory(history, opts.engine.flows);
  const diffs: DiffResult[] = [];
  let timersFired = 0;
  // Folding and deciding alternate with comparing, group by group: each phase's time is summed.
  let simulateMs = 0;
  let diffMs = 0;
  if (history.horizon !== null) {
    const horizon = history.horizon;
    const deps: Omit<ProjectorDeps, "store"> = { settingsFor: opts.settingsFor, rules: opts.rules, flows: opts.engine, decide: true };
    const replayedSources = new Set([...opts.engine.flows.filter((f) => f.enabled !== false).map((f) => f.id), ...opts.rules.map((r) => r.id)]);
    // Reality in one read (one query per kind of record, not one per group), then split by group.
    const tr = elapsed();
    const reality = splitByGroup(await opts.source.outcomesForOrders(history.touched), grouping.groups);
    diffMs += elapsed() - tr;
    let done = 0;
    for (const [i, group] of grouping.groups.entries()) {
      const before = done;
      const ta = elapsed();
      const out = await replayGroup(group, horizon, deps, opts.onProgress ? (n) => opts.onProgress!(before + n, history.events.length) : undefined);
      const tb = elapsed();
      // Reality's runs as their outcomes: what is compared. The few that differ are read whole, to say why.
      const diff = diffSides({ reality: reality[i]!, replay: out.records, from: w.from, horizon, flowId: opts.flowId, replayedSources });
      await explainFromRuns(diff, (ids) => opts.source.getRuns(ids));
      reality[i] = NO_RECORDS;
      diffs.push(diff);
      simulateMs += tb - ta;
      diffMs += elapsed() - tb;
      timersFired += out.timersFired;
      done += group.events.length;
    }
  }
  const diff = mergeDiffs(diffs);
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
    diff: { added: diff.added, removed: diff.removed, changed: diff.changed },
    summary: { ...countsFor(), byKind: { decision: countsFor("decision"), run: countsFor("run"), action: countsFor("action") } },
  };
}

/** One group through the flows in a fresh store of its own; the store is dropped once its records are read. */
async function replayGroup(group: ReplayGroup, horizon: string, deps: Omit<ProjectorDeps, "store">, onProgress: ((done: number) => void) | undefined): Promise<{ records: OrderRecords; timersFired: number }> {
  const store = new MemoryStore();
  const seed = emptyProjectionWrite();
  seed.journeys = group.seedJourneys;
  seed.holdsPlaced = group.seedHolds;
  seed.runs = group.seedRuns;
  await store.applyProjection(seed);
  const timersFired = await simulate({ store, events: group.events, horizon, deps, ...(onProgress ? { onProgress: (n: number) => onProgress(n) } : {}) });
  return { records: await store.recordsForOrders(group.touched), timersFired };
}

const NO_RECORDS: OrderOutcomes = { decisions: [], runs: [], outbox: [] };

/** Reality's records for the touched orders, as one side per group (each order is in one group). */
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
