import type { Decision } from "../../core/decision.js";
import type { ActionOutcome } from "../../core/outbox.js";
import { isWholeRun, type RunOutcome } from "../engine/run-outcome.js";
import { actionView, decisionView, describeAction, describeDecision, describeRun, explainRun, humanCut, runView, sameJson, stepStatusAt } from "./views.js";

export type DiffKind = "decision" | "run" | "action";

/** The records of one side (reality or replay) for the orders the window touches; runs whole or as their outcomes. */
export interface Side {
  decisions: readonly Decision[];
  runs: readonly RunOutcome[];
  outbox: readonly ActionOutcome[];
}

/**
 * One record of either side, with only what matching needs (kind, key, scope). Its view and its
 * words are worked out by the functions below when a pair is compared or an entry reported: most
 * records are unchanged, and most of a side never needs either.
 */
export type Item =
  | { kind: "decision"; key: string; shop: string; orderId: string | null; source: string; at: string; decision: Decision }
  | { kind: "run"; key: string; shop: string; orderId: string | null; source: string; at: string; run: RunOutcome }
  | { kind: "action"; key: string; shop: string; orderId: string | null; source: string; at: string; action: ActionOutcome; run: RunOutcome | undefined; decision: Decision | undefined };

/** A side's records by kind and key (decision id, run id, idempotency key). */
export type SideIndex = Record<DiffKind, Map<string, Item>>;

/** The step of a run that enqueued each idempotency key, per run, built once when first asked. */
const stepsByKey = new WeakMap<RunOutcome, Map<unknown, number>>();

export function stepOfAction(run: RunOutcome, key: string): number {
  let steps = stepsByKey.get(run);
  if (!steps) {
    steps = new Map();
    // The first step with a key wins, as a scan from the start would find it.
    run.steps.forEach((s, i) => {
      const k = (s.output as { idempotency_key?: unknown } | undefined)?.idempotency_key;
      if (k !== undefined && !steps!.has(k)) steps!.set(k, i);
    });
    stepsByKey.set(run, steps);
  }
  return steps.get(key) ?? -1;
}

/** `dropAfterHuman`: reality's actions that a human's decision led to are left out (history the replay cannot re-decide). */
export function indexSide(side: Side, dropAfterHuman: boolean): SideIndex {
  const out: SideIndex = { decision: new Map(), run: new Map(), action: new Map() };
  for (const r of side.runs) out.run.set(r.id, { kind: "run", key: r.id, shop: r.shop, orderId: r.orderId, source: r.flowId, at: r.startedAt, run: r });
  for (const d of side.decisions) {
    if (out.run.has(d.id)) continue; // a flow run's start: the run entry says it, with more
    out.decision.set(d.id, { kind: "decision", key: d.id, shop: d.shop, orderId: d.orderId, source: d.rule, at: d.decidedAt, decision: d });
  }
  for (const a of side.outbox) {
    // An action's run, else its rule's decision (a run's start decision is never needed: its run is there).
    const run = a.decisionId !== null ? (out.run.get(a.decisionId) as Extract<Item, { kind: "run" }> | undefined)?.run : undefined;
    const decision = a.decisionId !== null && !run ? (out.decision.get(a.decisionId) as Extract<Item, { kind: "decision" }> | undefined)?.decision : undefined;
    if (run && dropAfterHuman && afterHuman(run, a)) continue;
    out.action.set(a.idempotencyKey, { kind: "action", key: a.idempotencyKey, shop: a.shop, orderId: a.orderId, source: run?.flowId ?? decision?.rule ?? "unknown", at: a.createdAt, action: a, run, decision });
  }
  return out;
}

/** Whether an action came from a human's decision or after it (a run without one answers at once). */
function afterHuman(run: RunOutcome, a: ActionOutcome): boolean {
  const cut = humanCut(run);
  if (cut < 0) return false;
  const step = stepOfAction(run, a.idempotencyKey);
  if (step >= 0) return step >= cut;
  const first = run.decisions.reduce((m, d) => (d.at < m ? d.at : m), run.decisions[0]!.at);
  return a.createdAt >= first;
}

/** What the diff compares of a record. */
export function viewOf(i: Item, horizon: string): unknown {
  if (i.kind === "decision") return decisionView(i.decision);
  if (i.kind === "run") return runView(i.run, horizon);
  return actionView(i.action);
}

/**
 * Whether two records' views are the same (`sameJson` of `viewOf` each), without building the
 * views of the records most replays compare: an action's channel and payload as they are, and a
 * run no human decided, step by step. Most records are unchanged: two view objects, a list and a
 * string per step of every run, made only to be compared, were a tenth of the diff.
 */
export function sameView(r: Item, p: Item, horizon: string): boolean {
  if (r.kind === "action" && p.kind === "action") return r.action.channel === p.action.channel && sameJson(r.action.payload, p.action.payload);
  if (r.kind === "run" && p.kind === "run" && r.run.decisions.length === 0 && p.run.decisions.length === 0) return sameUndecidedRun(r.run, p.run, horizon);
  return sameJson(viewOf(r, horizon), viewOf(p, horizon));
}

/** `runView` of two runs without human decisions, compared as `sameJson` compares them. */
function sameUndecidedRun(a: RunOutcome, b: RunOutcome, horizon: string): boolean {
  const statusAt = (run: RunOutcome) => (run.finishedAt !== null && run.finishedAt > horizon ? "waiting" : run.status);
  if (statusAt(a) !== statusAt(b)) return false;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.steps.length && a.steps[i]!.startedAt > horizon) i++;
    while (j < b.steps.length && b.steps[j]!.startedAt > horizon) j++;
    if (i === a.steps.length || j === b.steps.length) return i === a.steps.length && j === b.steps.length;
    // A step's view is `${id}:${status}` and no status holds a colon: the same view is the same id and status.
    const sa = a.steps[i]!;
    const sb = b.steps[j]!;
    if (sa.id !== sb.id || stepStatusAt(sa, horizon) !== stepStatusAt(sb, horizon)) return false;
    i++;
    j++;
  }
}

/** What it is, in words. */
export function whatOf(i: Item, horizon: string): string {
  if (i.kind === "decision") return describeDecision(i.decision);
  if (i.kind === "run") return describeRun(i.run, runView(i.run, horizon));
  const step = i.run ? stepOfAction(i.run, i.action.idempotencyKey) : -1;
  return describeAction(i.action, i.run && step >= 0 ? i.run.steps[step]!.id : null);
}

/**
 * Why, in words: the rule's reason, the run's conditions and branches. Null for a run (or a run's
 * action) known only by its outcome: its whole run says why (`runOf`).
 */
export function whyOf(i: Item): string | null {
  if (i.kind === "decision") return i.decision.reason;
  const run = i.run;
  if (run === undefined) return (i.kind === "action" ? i.decision?.reason : undefined) ?? "no decision recorded for it";
  return isWholeRun(run) ? explainRun(run) : null;
}

/** The run whose whole record explains `i`, if any. */
export const runOf = (i: Item): RunOutcome | undefined => (i.kind === "decision" ? undefined : i.run);

/** The run or decision an action came from (to explain a removal from the replay's side). */
export function parentOf(i: Item): { kind: "run" | "decision"; key: string } | null {
  if (i.kind !== "action") return null;
  return i.run ? { kind: "run", key: i.run.id } : i.decision ? { kind: "decision", key: i.decision.id } : null;
}
