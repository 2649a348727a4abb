import type { Decision } from "../../core/decision.js";
import type { OutboxAction } from "../../core/outbox.js";
import type { FlowRun } from "../engine/run.js";
import {
  actionView,
  decisionView,
  describeAction,
  describeDecision,
  describeRun,
  differingPaths,
  explainRun,
  humanCut,
  runView,
  sameJson,
  canonical,
  stepOfAction,
} from "./views.js";

export type DiffKind = "decision" | "run" | "action";

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

/** The records of one side (reality or replay) for the orders the window touches. */
export interface Side {
  decisions: readonly Decision[];
  runs: readonly FlowRun[];
  outbox: readonly OutboxAction[];
}

export interface DiffInput {
  reality: Side;
  replay: Side;
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
}

/** One record of either side, seen through what the diff needs. */
interface Item {
  kind: DiffKind;
  key: string;
  shop: string;
  orderId: string | null;
  source: string;
  at: string;
  view: unknown;
  /** What it is and why, in words: written only for the entries a diff reports (most are unchanged). */
  what(): string;
  why(): string;
  /** The run or decision an action came from (to explain a removal from the replay's side). */
  parent: string | null;
}

function indexSide(side: Side, horizon: string, dropAfterHuman: boolean): Map<string, Item> {
  const out = new Map<string, Item>();
  const runs = new Map(side.runs.map((r) => [r.id, r]));
  const decisions = new Map(side.decisions.map((d) => [d.id, d]));
  for (const d of side.decisions) {
    if (runs.has(d.id)) continue; // a flow run's start: the run entry says it, with more
    out.set(`decision\0${d.id}`, { kind: "decision", key: d.id, shop: d.shop, orderId: d.orderId, source: d.rule, at: d.decidedAt, view: decisionView(d), what: () => describeDecision(d), why: () => d.reason, parent: null });
  }
  for (const r of side.runs) {
    const view = runView(r, horizon);
    out.set(`run\0${r.id}`, { kind: "run", key: r.id, shop: r.shop, orderId: r.orderId, source: r.flowId, at: r.startedAt, view, what: () => describeRun(r, view), why: () => explainRun(r), parent: null });
  }
  for (const a of side.outbox) {
    const run = a.decisionId !== null ? runs.get(a.decisionId) : undefined;
    const decision = a.decisionId !== null ? decisions.get(a.decisionId) : undefined;
    const step = run ? stepOfAction(run, a.idempotencyKey) : -1;
    if (run && dropAfterHuman && afterHuman(run, step, a)) continue;
    out.set(`action\0${a.idempotencyKey}`, {
      kind: "action",
      key: a.idempotencyKey,
      shop: a.shop,
      orderId: a.orderId,
      source: run?.flowId ?? decision?.rule ?? "unknown",
      at: a.createdAt,
      view: actionView(a),
      what: () => describeAction(a, run && step >= 0 ? run.steps[step]!.id : null),
      why: () => (run ? explainRun(run) : (decision?.reason ?? "no decision recorded for it")),
      parent: run ? `run\0${run.id}` : decision ? `decision\0${decision.id}` : null,
    });
  }
  return out;
}

/** Actions a human's decision led to are history the replay cannot re-decide. */
function afterHuman(run: FlowRun, step: number, a: OutboxAction): boolean {
  const cut = humanCut(run);
  if (cut < 0) return false;
  if (step >= 0) return step >= cut;
  const first = run.decisions.reduce((m, d) => (d.at < m ? d.at : m), run.decisions[0]!.at);
  return a.createdAt >= first;
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
  const reality = indexSide(input.reality, input.horizon, true);
  const replay = indexSide(input.replay, input.horizon, false);
  const inScope = (i: Item | undefined) => i !== undefined && i.at >= input.from && i.at <= input.horizon && (input.flowId === undefined || i.source === input.flowId);
  const out: DiffResult = { added: [], removed: [], changed: [], unchanged: { decision: 0, run: 0, action: 0 } };
  const entry = (i: Item, explanation: string): DiffEntry => ({ kind: i.kind, key: i.key, shop: i.shop, orderId: i.orderId, source: i.source, at: i.at, what: i.what(), explanation });

  for (const id of new Set([...reality.keys(), ...replay.keys()])) {
    const r = reality.get(id);
    const p = replay.get(id);
    if (!inScope(r) && !inScope(p)) continue;
    if (r && p) {
      // Most records are the same on both sides: one comparison of the whole view settles those.
      const changes = sameJson(r.view, p.view) ? [] : changesOf(p.kind, r.view, p.view);
      if (changes.length === 0) {
        out.unchanged[p.kind]++;
        continue;
      }
      const [was, now] = [r.why(), p.why()];
      out.changed.push({ ...entry(p, now), ...(was !== now ? { was } : {}), changes });
    } else if (p) {
      out.added.push(entry(p, p.why()));
    } else if (r) {
      const parent = r.parent ? replay.get(r.parent) : undefined;
      const why = parent ? parent.why() : !input.replayedSources.has(r.source) ? `${r.source} is not among the replayed flows and rules` : `the replay did not do it; reality recorded: ${r.why()}`;
      out.removed.push(entry(r, why));
    }
  }
  out.added.sort(byTime);
  out.removed.sort(byTime);
  out.changed.sort(byTime);
  return out;
}
