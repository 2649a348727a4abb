import type { Decision } from "../../core/decision.js";
import type { OutboxAction } from "../../core/outbox.js";
import type { FlowRun } from "../engine/run.js";
import type { RunOutcome } from "../engine/run-outcome.js";
import { canonical } from "../../core/canonical.js";

/**
 * What the diff compares of each record, and how each explains itself. Only what a flow or a
 * rule decided is compared: dispatch results (delivered, dead, attempts), timings and row ids
 * are not decisions.
 */

export const json = (v: unknown) => JSON.stringify(canonical(v)) ?? "undefined";

/**
 * Whether two values print the same as JSON (key order and undefined members aside), without
 * printing them: most records of a replay equal reality's, and building canonical strings for
 * every one of them was most of the diff's time.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return json(a) === json(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, bs[i] ?? null)) return false;
    return true;
  }
  if (a instanceof Date || b instanceof Date || (a as { toJSON?: unknown }).toJSON !== undefined || (b as { toJSON?: unknown }).toJSON !== undefined) return json(a) === json(b);
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !sameJson(v, bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/** Paths where two JSON values differ (at most `max`), e.g. `payload.properties.reason`. */
export function differingPaths(a: unknown, b: unknown, prefix: string, max = 8, out: string[] = []): string[] {
  if (out.length >= max) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differingPaths(a[k], b[k], `${prefix}.${k}`, max, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => differingPaths(v, b[i], `${prefix}[${i}]`, max, out));
  } else if (json(a) !== json(b)) out.push(prefix);
  return out;
}

const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The first step a human decided (an approval step, or an action the policy gated), or -1. */
export function humanCut(run: RunOutcome): number {
  if (run.decisions.length === 0) return -1;
  const decided = new Set(run.decisions.map((d) => d.stepId));
  return run.steps.findIndex((s) => decided.has(s.id));
}

/** What a run did: how it ended (or where it stood) and each step's outcome. Conditions and versions are its explanation, not its outcome. */
export interface RunView {
  status: string;
  steps: string[];
}

/**
 * A run as it stood at `horizon`, up to the first human decision: a replay has no humans, so
 * what a person decided (and what followed from it) is history, not something to compare. A
 * step or a run that finished after the horizon was still waiting at it.
 */
export function runView(run: RunOutcome, horizon: string): RunView {
  const cut = humanCut(run);
  if (cut >= 0) {
    const steps = run.steps.slice(0, cut).map((s) => `${s.id}:${s.status}`);
    return { status: "awaiting_approval", steps: [...steps, `${run.steps[cut]!.id}:awaiting_approval`] };
  }
  const steps = run.steps.filter((s) => s.startedAt <= horizon).map((s) => stepViewOf(s, horizon));
  const status = run.finishedAt !== null && run.finishedAt > horizon ? "waiting" : run.status;
  return { status, steps };
}

/** A step of a run's view: its id and how it stood at the horizon. */
const stepViewOf = (s: RunOutcome["steps"][number], horizon: string): string => `${s.id}:${stepStatusAt(s, horizon)}`;

/** How a step stood at the horizon: one that finished after it was still waiting there (a wait) or waiting for a person. */
export function stepStatusAt(s: RunOutcome["steps"][number], horizon: string): string {
  const finished = s.finishedAt !== null && s.finishedAt <= horizon;
  return finished || s.status !== "done" ? s.status : s.kind === "wait" ? "waiting" : "awaiting_approval";
}

const signalOf = (run: RunOutcome) => (run.trigger.facts.signal as { name?: string } | undefined)?.name;

export function describeRun(run: RunOutcome, view: RunView): string {
  const signal = signalOf(run);
  return `run ${view.status} on ${run.trigger.type}${signal ? ` ${signal}` : ""}${view.steps.length ? `: ${view.steps.join(", ")}` : ""}`;
}

/** Why a run did what it did: its conditions, the branches it took, and how it ended. */
export function explainRun(run: FlowRun): string {
  if (run.status === "skipped") return run.reason ?? "not run";
  const parts = run.conditions.map((c) => c.reason);
  for (const s of run.steps) if (s.evaluation) parts.push(`${s.id}: ${s.evaluation.reason}`);
  if (run.reason) parts.push(run.reason);
  return parts.join("; ") || "no conditions";
}

/** What a rule decided: fired or skipped, and the actions (idempotency keys) it enqueued. */
export interface DecisionView {
  outcome: string;
  actions: string[];
}

export const decisionView = (d: Decision): DecisionView => ({ outcome: d.outcome, actions: [...d.actions].sort() });

export const describeDecision = (d: Decision) => `${d.outcome}${d.signal ? ` on ${d.signal}` : ""}${d.shipmentKey ? ` (${d.shipmentKey})` : ""}`;

export interface ActionView {
  channel: string;
  payload: unknown;
}

export const actionView = (a: Pick<OutboxAction, "channel" | "payload">): ActionView => ({ channel: a.channel, payload: a.payload });

export const describeAction = (a: Pick<OutboxAction, "channel" | "payload">, stepId: string | null) => short(`${a.channel}${stepId ? ` (step ${stepId})` : ""} ${json(a.payload)}`);
