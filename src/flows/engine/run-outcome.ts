import type { FlowRun } from "./run.js";

/**
 * What a run did, without why: its status and times, each step's id, kind, status, times and the
 * idempotency key an action step enqueued, the human decisions' steps and times, and what started
 * it. It is what a replay's diff compares (and matches actions to steps by), and about a quarter
 * of a run's bytes: the store keeps it beside the run, so that comparing a window
 * with reality reads the outcomes, and whole runs only for the entries that differ and must say why.
 *
 * A whole FlowRun is an outcome too (the same fields, and more), so code that takes one reads
 * either; `runOutcomeOf` of an outcome is that outcome.
 */
export interface RunOutcome {
  id: string;
  shop: string;
  flowId: string;
  orderId: string | null;
  status: FlowRun["status"];
  startedAt: string;
  finishedAt: string | null;
  /** In an outcome, the trigger's facts keep only the signal's name. */
  trigger: { type: string; facts: Record<string, unknown> };
  steps: Array<{
    id: string;
    kind: FlowRun["steps"][number]["kind"];
    status: FlowRun["steps"][number]["status"];
    startedAt: string;
    finishedAt: string | null;
    /** In an outcome, only an action's `idempotency_key`. */
    output?: unknown;
  }>;
  decisions: Array<{ stepId: string; at: string }>;
}

/** The outcome of a run (or of an outcome): a new object holding only the fields above. */
export function runOutcomeOf(run: RunOutcome): RunOutcome {
  const signal = run.trigger.facts["signal"] as { name?: unknown } | null | undefined;
  const signalName = typeof signal?.name === "string" ? signal.name : undefined;
  return {
    id: run.id,
    shop: run.shop,
    flowId: run.flowId,
    orderId: run.orderId,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    trigger: { type: run.trigger.type, facts: signalName === undefined ? {} : { signal: { name: signalName } } },
    steps: run.steps.map((s) => {
      const key = (s.output as { idempotency_key?: unknown } | undefined)?.idempotency_key;
      return { id: s.id, kind: s.kind, status: s.status, startedAt: s.startedAt, finishedAt: s.finishedAt, ...(key !== undefined ? { output: { idempotency_key: key } } : {}) };
    }),
    decisions: run.decisions.map((d) => ({ stepId: d.stepId, at: d.at })),
  };
}

/** Whether `run` is whole (it has the conditions and evaluations that explain it), not only its outcome. */
export function isWholeRun(run: RunOutcome): run is FlowRun {
  return Array.isArray((run as Partial<FlowRun>).conditions);
}
