import { canonical } from "../../core/canonical.js";
import { pushAll } from "../../core/push-all.js";
import { differingPaths, explainRun, sameJson } from "./views.js";
import { indexSide, parentOf, runOf, sameView, viewOf, whatOf, whyOf, type DiffKind, type Item, type Side } from "./side-index.js";
import type { FlowRun } from "../engine/run.js";

export type { DiffKind, Side } from "./side-index.js";

export interface FieldChange {
  /** `status`, `outcome`, `steps`, `payload.properties.reason`… */
  field: string;
  reality: unknown;
  replay: unknown;
}

export interface DiffEntry {
  kind: DiffKind;
  /** Decision id, run id, or the action's idempotency key. */
  key: string;
  shop: string;
  orderId: string | null;
  /** The flow or rule it belongs to. */
  source: string;
  /** Source time: when it was decided, started or enqueued. */
  at: string;
  /** What would happen (added), what happened (removed), what it is (changed). */
  what: string;
  /** Why: the replay's own explanation where it has one (for a removed entry, why it would not happen now). */
  explanation: string;
  /** A changed entry: what reality recorded, when that reads differently. */
  was?: string;
  changes?: FieldChange[];
}

export interface DiffInput {
  /** Runs whole or as their outcomes; the latter are explained afterwards (`explainFromRuns`). */
  reality: Side;
  /** Whole runs: the replay's own explain themselves. */
  replay: Side & { runs: readonly FlowRun[] };
  from: string;
  /** Records after this instant are beyond what the replay simulated. */
  horizon: string;
  flowId?: string | undefined;
  /** Flow and rule ids the replay ran, to say "not in the replayed set" rather than nothing. */
  replayedSources: ReadonlySet<string>;
}

export interface DiffResult {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffEntry[];
  unchanged: Record<DiffKind, number>;
  /** Explanations still to write, from whole runs of which a side gave only the outcome (`explainFromRuns`). */
  unexplained: Unexplained[];
}

/**
 * An entry's explanation that the whole run `runId` gives: its `explanation`, what reality recorded
 * (`was`, kept only where it reads differently from the replay's), or the explanation of an entry
 * the replay did not do. Plain data that points at its entry: it crosses from a helper thread in
 * the same message as the entry (a structured clone keeps the two the same object), so the
 * thread that holds the replay's view of the store reads the runs.
 */
export interface Unexplained {
  runId: string;
  entry: DiffEntry;
  as: "explanation" | "was" | "not done";
}

function write(u: Pick<Unexplained, "entry" | "as">, why: string): void {
  if (u.as === "explanation") u.entry.explanation = why;
  else if (u.as === "not done") u.entry.explanation = `the replay did not do it; reality recorded: ${why}`;
  else if (why !== u.entry.explanation) u.entry.was = why;
}

function changesOf(kind: DiffKind, reality: unknown, replay: unknown): FieldChange[] {
  const r = reality as Record<string, unknown>;
  const p = replay as Record<string, unknown>;
  const out: FieldChange[] = [];
  for (const field of Object.keys(p)) {
    if (sameJson(r[field], p[field])) continue;
    if (kind === "action" && field === "payload") {
      for (const path of differingPaths(r.payload, p.payload, "payload")) out.push({ field: path, reality: canonical(pick(r, path)), replay: canonical(pick(p, path)) });
    } else out.push({ field, reality: canonical(r[field]), replay: canonical(p[field]) });
  }
  return out;
}

function pick(root: Record<string, unknown>, path: string): unknown {
  let v: unknown = root;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const KIND_ORDER: Record<DiffKind, number> = { decision: 0, run: 1, action: 2 };
const byTime = (a: DiffEntry, b: DiffEntry) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/**
 * Matches reality and replay by key and says what differs. A record counts when it falls in the
 * window on either side (source time from `from` to the horizon); so a decision the replay makes
 * an hour earlier than reality did is "changed" or the same, not one added and one removed.
 */
export function diffSides(input: DiffInput): DiffResult {
  const { from, horizon, flowId } = input;
  const reality = indexSide(input.reality, true);
  const replay = indexSide(input.replay, false);
  const inScope = (i: Item | undefined) => i !== undefined && i.at >= from && i.at <= horizon && (flowId === undefined || i.source === flowId);
  const out: DiffResult = { added: [], removed: [], changed: [], unchanged: { decision: 0, run: 0, action: 0 }, unexplained: [] };
  const entry = (i: Item, explanation: string): DiffEntry => ({ kind: i.kind, key: i.key, shop: i.shop, orderId: i.orderId, source: i.source, at: i.at, what: whatOf(i, horizon), explanation });
  // Most records are unchanged and never explained; a side given by outcomes explains the rest once its runs are read.
  const explain = (i: Item, entry: DiffEntry, as: Unexplained["as"]) => {
    const why = whyOf(i);
    if (why !== null) write({ entry, as }, why);
    else out.unexplained.push({ runId: runOf(i)!.id, entry, as });
  };

  const compare = (r: Item | undefined, p: Item | undefined) => {
    if (!inScope(r) && !inScope(p)) return;
    if (r && p) {
      // Most records are the same on both sides: one comparison of the whole view settles those.
      const changes = sameView(r, p, horizon) ? [] : changesOf(p.kind, viewOf(r, horizon), viewOf(p, horizon));
      if (changes.length === 0) {
        out.unchanged[p.kind]++;
        return;
      }
      const changed: DiffEntry = { ...entry(p, ""), changes };
      out.changed.push(changed);
      explain(p, changed, "explanation");
      // Written after the replay's own: reality's reads differently, or is left out.
      explain(r, changed, "was");
    } else if (p) {
      const added = entry(p, "");
      out.added.push(added);
      explain(p, added, "explanation");
    } else if (r) {
      const ref = parentOf(r);
      const parent = ref ? replay[ref.kind].get(ref.key) : undefined;
      const removed = entry(r, "");
      out.removed.push(removed);
      if (parent) explain(parent, removed, "explanation");
      else if (!input.replayedSources.has(r.source)) removed.explanation = `${r.source} is not among the replayed flows and rules`;
      else explain(r, removed, "not done");
    }
  };
  for (const kind of ["decision", "run", "action"] as const) {
    const [real, replayed] = [reality[kind], replay[kind]];
    for (const [key, r] of real) compare(r, replayed.get(key));
    for (const [key, p] of replayed) if (!real.has(key)) compare(undefined, p);
  }
  out.added.sort(byTime);
  out.removed.sort(byTime);
  out.changed.sort(byTime);
  return out;
}

/**
 * The diffs of groups no record is shared between (groups.ts), as one diff of them all: each
 * record is compared within its own group, and the entries come out in the same order.
 */
export function mergeDiffs(parts: readonly DiffResult[]): DiffResult {
  const out: DiffResult = { added: [], removed: [], changed: [], unchanged: { decision: 0, run: 0, action: 0 }, unexplained: [] };
  for (const p of parts) {
    pushAll(out.added, p.added);
    pushAll(out.removed, p.removed);
    pushAll(out.changed, p.changed);
    pushAll(out.unexplained, p.unexplained);
    for (const kind of ["decision", "run", "action"] as const) out.unchanged[kind] += p.unchanged[kind];
  }
  out.added.sort(byTime);
  out.removed.sort(byTime);
  out.changed.sort(byTime);
  return out;
}

/**
 * Writes the explanations a diff left to whole runs, read with `getRuns` (one read for all of
 * them): only the entries that differ need one, so a side read as outcomes reads few runs whole.
 */
export async function explainFromRuns(result: DiffResult, getRuns: (ids: string[]) => Promise<FlowRun[]>): Promise<void> {
  if (result.unexplained.length === 0) return;
  const runs = new Map((await getRuns([...new Set(result.unexplained.map((u) => u.runId))])).map((r) => [r.id, r]));
  for (const u of result.unexplained) {
    const run = runs.get(u.runId);
    write(u, run ? explainRun(run) : `run ${u.runId} is no longer in the store`);
  }
  result.unexplained = [];
}
