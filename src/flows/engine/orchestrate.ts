import { stableId } from "../../core/ids.js";
import type { Decision, Hold, Timer } from "../../core/decision.js";
import type { NewOutboxAction } from "../../core/outbox.js";
import { advance, startRun, type Resume, type StateEffect } from "./interpreter.js";
import type { FlowRun, RunTrigger } from "./run.js";
import type { EngineServices } from "./services.js";
import type { StepDef } from "./program.js";
import { withFields } from "../../core/with-fields.js";
import { extendContext } from "./context.js";

/** The parts of a flow definition the engine reads (the full schema lives in src/flows/definition). */
export interface FlowDefLike {
  id: string;
  version: number;
  description: string;
  enabled?: boolean;
  trigger: { events: string[]; filter?: string };
  conditions?: Array<string | { name: string; expr: string }>;
  limits?: { rate?: { max: number; per: string }; frequency?: { max: number; per: string; key: string } };
  steps: StepDef[];
}

export interface FlowEngine {
  flows: readonly FlowDefLike[];
  services: EngineServices;
  /** Operator control: a flow can be switched off per shop. */
  enabledFor(shop: string, flowId: string): boolean;
}

export interface OrchestrateInput {
  shop: string;
  orderId: string | null;
  triggers: RunTrigger[];
  /** Every run this order already has (to start each flow once per trigger, and to resume waits). */
  existingRuns: FlowRun[];
  engine: FlowEngine;
  contextFor(trigger: RunTrigger): Record<string, unknown>;
  /**
   * For flows with limits: how many runs the store already holds in each window, keyed by
   * `limitCountKey(...)`; runs in `batchRuns` (not stored yet) and started in this call are added.
   */
  priorCounts?: ReadonlyMap<string, number>;
  batchRuns?: readonly FlowRun[];
  /** Whether each run's start is returned as a decision too (true unless false; see `ProjectorDeps.runStartDecisions`). */
  startDecisions?: boolean | undefined;
}

/** The key of a prefetched count: the flow's rate window, or its frequency window for one key. */
export const limitCountKey = (flowId: string, kind: "rate" | "frequency", key: string | null = null) => `${flowId}|${kind}|${key ?? ""}`;

export interface OrchestrateOutput {
  runs: FlowRun[];
  outbox: Array<NewOutboxAction & { id: string }>;
  timers: Timer[];
  decisions: Decision[];
  holdsPlaced: Hold[];
  holdsReleased: Array<{ shop: string; customerKey: string; shipmentKey: string; releasedAt: string; reason: string }>;
}

const FLOW_TIMER = /^flow:(.+):([^:]+)$/;
const NO_LIMIT = { blocked: null, key: null } as const;

/** The flows that start on each trigger type, in the engine's order (one lookup per trigger instead of a scan of every flow). */
const byType = new WeakMap<readonly FlowDefLike[], Map<string, FlowDefLike[]>>();
function flowsOn(flows: readonly FlowDefLike[], type: string): readonly FlowDefLike[] {
  let index = byType.get(flows);
  if (index === undefined) {
    index = new Map();
    for (const f of flows) for (const t of new Set(f.trigger.events)) index.set(t, [...(index.get(t) ?? []), f]);
    byType.set(flows, index);
  }
  return index.get(type) ?? [];
}

/** The context with `now`; one that has it already is used as it is. */
function withNow(ctx: Record<string, unknown>, now: string): Record<string, unknown> {
  return ctx["now"] === now ? ctx : extendContext(ctx, { now });
}

/**
 * Starts the flows each trigger matches and moves waiting runs on (a due timer, an awaited event).
 * Pure: the projector fetches, calls this, and writes the result in its one transaction.
 */
export function orchestrate(input: OrchestrateInput): OrchestrateOutput {
  const out: OrchestrateOutput = { runs: [], outbox: [], timers: [], decisions: [], holdsPlaced: [], holdsReleased: [] };
  const { engine } = input;
  const runs = new Map(input.existingRuns.map((r) => [r.id, r]));
  const save = (run: FlowRun, result: { enqueue: OrchestrateOutput["outbox"]; timers: Timer[]; effects?: StateEffect[] }) => {
    runs.set(run.id, run);
    const customerKey = (input.contextFor(run.trigger).customer as { key?: string | null } | null | undefined)?.key ?? null;
    for (const e of result.effects ?? []) {
      if (!customerKey) continue;
      if (e.kind === "hold.place") out.holdsPlaced.push({ shop: run.shop, customerKey, orderId: run.orderId ?? "", shipmentKey: e.shipmentKey, reason: e.reason, placedAt: e.at, releasedAt: null, releaseReason: null });
      else out.holdsReleased.push({ shop: run.shop, customerKey, shipmentKey: e.shipmentKey, releasedAt: e.at, reason: e.reason });
    }
    const i = out.runs.findIndex((r) => r.id === run.id);
    if (i >= 0) out.runs[i] = run;
    else out.runs.push(run);
    out.outbox.push(...result.enqueue);
    out.timers.push(...result.timers);
  };

  for (const trigger of input.triggers) {
    // 1. Waiting runs: a timer of theirs came due, or the event they wait for arrived.
    const timerName = trigger.type === "timer.fired" ? String((trigger.facts.event as Record<string, unknown> | undefined)?.timer ?? "") : "";
    const timer = FLOW_TIMER.exec(timerName);
    if (timer) {
      const run = runs.get(timer[1]!);
      if (run?.wait && run.wait.stepId === timer[2]) {
        const ctx = input.contextFor(run.trigger);
        const result = advance(run, { kind: "timer", stepId: run.wait.stepId, at: run.wait.dueAt }, ctx, engine.services, run.wait.dueAt);
        save(result.run, result);
      }
      continue;
    }
    for (const run of [...runs.values()]) {
      if (run.status !== "waiting" || run.wait?.kind !== "event" || run.wait.event !== trigger.type) continue;
      const eventFacts = (trigger.facts.event ?? {}) as Record<string, unknown>;
      const ctx = extendContext(input.contextFor(run.trigger), { event: eventFacts, now: trigger.occurredAt });
      if (run.wait.match && !engine.services.test(run.wait.match, ctx)) continue;
      const resume: Resume = { kind: "event", stepId: run.wait.stepId, at: trigger.occurredAt, facts: eventFacts };
      const result = advance(run, resume, input.contextFor(run.trigger), engine.services, trigger.occurredAt);
      save(result.run, result);
    }

    // 2. Flows this trigger starts.
    let shared: Record<string, unknown> | null = null;
    for (const flow of flowsOn(engine.flows, trigger.type)) {
      if (flow.enabled === false || !engine.enabledFor(input.shop, flow.id)) continue;
      // One context per trigger, read by every flow it starts (contexts are never changed).
      const ctx = (shared ??= withNow(input.contextFor(trigger), trigger.occurredAt));
      // A filter that says no starts no run and records nothing: its explanation would go unread.
      // (Tested before the run's id is hashed: most flows on a status change filter on the status.)
      if (flow.trigger.filter && !engine.services.test(flow.trigger.filter, ctx)) continue;
      const id = stableId("run", input.shop, flow.id, trigger.key, input.orderId);
      if (runs.has(id)) continue; // this flow already ran for this fact
      const conditions = (flow.conditions ?? []).map((c) => {
        const expr = typeof c === "string" ? c : c.expr;
        const e = engine.services.condition(expr, ctx);
        return typeof c === "string" ? e : withFields(e, { reason: `${c.name}: ${e.reason}` });
      });
      const limit = flow.limits ? checkLimits(flow, ctx, trigger.occurredAt, input.priorCounts ?? new Map(), [...(input.batchRuns ?? []), ...out.runs], engine) : NO_LIMIT;
      if (limit.blocked) conditions.push({ expr: "limits", match: false, reason: limit.blocked });
      const failed = conditions.filter((c) => !c.match);
      const run: FlowRun = {
        id,
        shop: input.shop,
        flowId: flow.id,
        flowVersion: flow.version,
        flow,
        orderId: input.orderId,
        trigger,
        status: failed.length ? "skipped" : "running",
        pc: 0,
        conditions,
        steps: [],
        wait: null,
        approval: null,
        decisions: [],
        pendingEdit: null,
        reason: failed.length ? `not run because ${failed.map((c) => c.reason).join("; ")}` : null,
        limitKey: limit.key,
        startedAt: trigger.occurredAt,
        updatedAt: trigger.occurredAt,
        finishedAt: failed.length ? trigger.occurredAt : null,
      };
      const result = failed.length ? { run, enqueue: [], timers: [], effects: [] } : startRun(run, ctx, engine.services, trigger.occurredAt);
      save(result.run, result);
      if (input.startDecisions !== false) out.decisions.push(decisionOf(result.run, result.enqueue.map((a) => a.idempotencyKey)));
    }
  }
  return out;
}

/**
 * Operator limits: at most `rate.max` runs of the flow per shop per `rate.per`, and at most
 * `frequency.max` per key (e.g. per customer) per `frequency.per`. Skipped runs do not count.
 * Every run started after `at` minus the window counts, stored or of this batch, a later one
 * too: a worker behind the log folds a customer's newer order first, and the older one must then
 * not send a second message inside the window (the store's count has no upper bound either).
 */
function checkLimits(flow: FlowDefLike, ctx: Record<string, unknown>, at: string, prior: ReadonlyMap<string, number>, fresh: readonly FlowRun[], engine: FlowEngine): { blocked: string | null; key: string | null } {
  const limits = flow.limits;
  if (!limits) return { blocked: null, key: null };
  const counted = (per: string, kind: "rate" | "frequency", key: string | null) => {
    const ms = engine.services.duration(per) ?? 0;
    const since = new Date(Date.parse(at) - ms).toISOString();
    const inBatch = fresh.filter((r) => r.flowId === flow.id && r.status !== "skipped" && r.startedAt > since && (kind === "rate" || r.limitKey === key)).length;
    return (prior.get(limitCountKey(flow.id, kind, key)) ?? 0) + inBatch;
  };
  if (limits.rate) {
    const n = counted(limits.rate.per, "rate", null);
    if (n >= limits.rate.max) return { blocked: `rate limit: ${n} runs of ${flow.id} in the last ${limits.rate.per}, at most ${limits.rate.max}`, key: null };
  }
  if (!limits.frequency) return { blocked: null, key: null };
  const key = frequencyKey(flow, ctx, engine);
  if (key === null) return { blocked: `frequency cap: the key ${limits.frequency.key} could not be rendered`, key: null };
  const n = counted(limits.frequency.per, "frequency", key);
  if (n >= limits.frequency.max) return { blocked: `frequency cap: ${n} runs of ${flow.id} for ${key} in the last ${limits.frequency.per}, at most ${limits.frequency.max}`, key };
  return { blocked: null, key };
}

/** Who a run counts against under the flow's frequency cap (e.g. the customer), or null. */
export function frequencyKey(flow: FlowDefLike, ctx: Record<string, unknown>, engine: FlowEngine): string | null {
  if (!flow.limits?.frequency) return null;
  const rendered = engine.services.render(flow.limits.frequency.key, ctx);
  return rendered.ok && rendered.value !== null && rendered.value !== undefined && rendered.value !== "" ? String(rendered.value) : null;
}

/** A run's start, as the decision log (and the order timeline) shows it. */
function decisionOf(run: FlowRun, actions: string[]): Decision {
  const facts = run.trigger.facts.signal as { name?: string; detail?: string } | undefined;
  const signal = facts?.name ?? null;
  const what = `${run.trigger.type}${signal ? ` ${signal}${facts?.detail ? ` (${facts.detail})` : ""}` : ""}`;
  const ran = run.status !== "skipped";
  const branches = run.steps.filter((s) => s.kind === "branch" && s.evaluation).map((s) => `${s.id}: ${s.evaluation!.reason}`);
  const summary = ran
    ? `${what}: ${run.conditions.map((c) => c.reason).join("; ") || "no conditions"}; ${branches.length ? `${branches.join("; ")}; ` : ""}run ${run.status}${actions.length ? `, enqueued ${actions.length} action(s)` : ""}${run.reason ? ` (${run.reason})` : ""}`
    : `${what}: ${run.reason}`;
  return {
    id: run.id,
    shop: run.shop,
    orderId: run.orderId ?? "",
    rule: run.flowId,
    ruleVersion: run.flowVersion,
    triggerEventId: run.trigger.eventId,
    signal,
    shipmentKey: run.trigger.shipmentKey,
    outcome: ran ? "fired" : "skipped",
    reason: summary,
    comparisons: run.conditions.map((c) => ({ subject: c.expr, actual: c.match, op: "==" as const, expected: true, result: c.match, text: c.reason })),
    actions,
    decidedAt: run.startedAt,
  };
}
