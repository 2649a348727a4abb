import { stableId } from "../../core/ids.js";
import type { Timer } from "../../core/decision.js";
import type { NewOutboxAction } from "../../core/outbox.js";
import { compileProgram, type Instr, type StepDef, type WaitStepDef } from "./program.js";
import { TERMINAL_RUN_STATUSES, type ApprovalDecision, type FlowRun, type StepRecord } from "./run.js";
import type { EngineServices } from "./services.js";
import { withFields } from "../../core/with-fields.js";
import { extendContext } from "./context.js";

export type Resume =
  | { kind: "start" }
  /** A wait's timer came due: the wake-up of a duration/until wait, or an event wait's timeout. */
  | { kind: "timer"; stepId: string; at: string }
  /** The event an event-wait was waiting for; `facts` becomes `event` in the context. */
  | { kind: "event"; stepId: string; at: string; facts: Record<string, unknown> }
  | { kind: "approval"; decision: ApprovalDecision };

/** A change to Firebreak's own state a step asked for (a hold on the customer). */
export interface StateEffect {
  kind: "hold.place" | "hold.release";
  shipmentKey: string;
  reason: string;
  at: string;
}

export interface AdvanceResult {
  run: FlowRun;
  enqueue: Array<NewOutboxAction & { id: string }>;
  timers: Timer[];
  effects: StateEffect[];
}

/** The timer that wakes a waiting run: one per run and step, so a re-armed wait replaces it. */
export const flowTimerName = (runId: string, stepId: string) => `flow:${runId}:${stepId}`;

const programs = new WeakMap<object, Instr[]>();
function programOf(run: FlowRun): Instr[] {
  const flow = run.flow as { steps: StepDef[] };
  let p = programs.get(flow);
  if (!p) {
    p = compileProgram(flow.steps);
    programs.set(flow, p);
  }
  return p;
}

function record(run: FlowRun, rec: StepRecord): void {
  const i = run.steps.findIndex((s) => s.id === rec.id);
  if (i >= 0) run.steps[i] = rec;
  else run.steps.push(rec);
}

const memo = (run: FlowRun, stepId: string) => run.steps.find((s) => s.id === stepId);

/**
 * Runs a flow run forward from where it is until it finishes or must wait (a timer, an event, a
 * human). Pure: the same run, input and context always give the same result, which is what makes
 * a crash-and-retry or a replay produce the same actions with the same idempotency keys.
 */
export function advance(run0: FlowRun, resume: Resume, baseCtx: Record<string, unknown>, services: EngineServices, now: string): AdvanceResult {
  // A copy of what advancing changes: the run's own fields and the lists it appends to or replaces
  // entries of (records are replaced, never edited in place). The trigger and the flow snapshot
  // are never changed, so they are shared: deep-copying the trigger's event at every step was the
  // largest cost of a replay, and the same flow object lets its compiled program be found again.
  const run: FlowRun = withFields(run0, { steps: [...run0.steps], decisions: [...run0.decisions], conditions: [...run0.conditions] });
  return advanceOwn(run, resume, baseCtx, services, now);
}

/**
 * `advance` from the start, of a run the caller has just built and hands over: it is advanced in
 * place, not copied first (a run per flow a trigger starts: the copy was about 2 % of a replay
 * through every flow).
 */
export function startRun(run: FlowRun, baseCtx: Record<string, unknown>, services: EngineServices, now: string): AdvanceResult {
  return advanceOwn(run, { kind: "start" }, baseCtx, services, now);
}

function advanceOwn(run: FlowRun, resume: Resume, baseCtx: Record<string, unknown>, services: EngineServices, now: string): AdvanceResult {
  const out: AdvanceResult = { run, enqueue: [], timers: [], effects: [] };
  if (TERMINAL_RUN_STATUSES.has(run.status)) return out;
  const program = programOf(run);
  const runFacts = { id: run.id, flow_id: run.flowId, flow_version: run.flowVersion, trigger_key: run.trigger.key };
  // This advance's own context, extending the trigger's: an action step sets `step` (and, for its
  // key and the policy, `input`) on it; between steps both are absent (undefined).
  const ctx: Record<string, unknown> = extendContext(baseCtx, { now, run: runFacts, step: undefined, input: undefined });
  let pending: Resume | null = resume.kind === "start" ? null : resume;
  run.updatedAt = now;

  // A decision on a policy-gated action (not an approval step): record it, then run on from the action.
  const gated = program[run.pc];
  if (pending?.kind === "approval" && gated?.op === "action" && gated.step.id === pending.decision.stepId) {
    const d = pending.decision;
    run.decisions.push(d);
    run.approval = null;
    run.status = "running";
    pending = null;
    if (d.decision === "reject") {
      record(run, withFields(memo(run, gated.step.id)!, { status: "skipped" as const, finishedAt: d.at, output: { decision: "reject", by: d.by, note: d.note ?? null } }));
      return finish(run, "rejected", d.at, `${gated.step.action} rejected by ${d.by}${d.note ? `: ${d.note}` : ""}`, out);
    }
    if (d.decision === "edit") run.pendingEdit = { stepId: gated.step.id, input: d.input };
  }

  for (let guard = 0; guard < 10_000; guard++) {
    const instr = program[run.pc];
    ctx["step"] = undefined;
    ctx["input"] = undefined;
    if (!instr) return finish(run, "failed", now, `no instruction at ${run.pc}`, out);
    switch (instr.op) {
      case "jump":
        run.pc = instr.to;
        continue;
      case "end":
        return finish(run, instr.status, now, instr.status === "rejected" ? "a human rejected the approval" : null, out);
      case "stop":
        record(run, { id: instr.step.id, kind: "stop", status: "done", startedAt: now, finishedAt: now, output: { reason: instr.step.stop.reason ?? null } });
        return finish(run, "stopped", now, instr.step.stop.reason ?? `stopped at step ${instr.step.id}`, out);
      case "branch": {
        const evaluation = services.condition(instr.step.branch.if, ctx);
        record(run, { id: instr.step.id, kind: "branch", status: "done", startedAt: now, finishedAt: now, evaluation, output: { took: evaluation.match ? "then" : "else" } });
        run.pc = evaluation.match ? run.pc + 1 : instr.elseAt;
        continue;
      }
      case "action": {
        const step = instr.step;
        if (memo(run, step.id)?.status === "done") {
          run.pc++;
          continue;
        }
        const spec = services.action(step.action);
        if (!spec) return failStep(run, step.id, "action", now, `no action "${step.action}" in the catalog`, out);
        ctx["step"] = { id: step.id };
        const edited = run.pendingEdit?.stepId === step.id ? run.pendingEdit.input : undefined;
        const rendered = edited !== undefined ? { ok: true as const, value: edited } : services.render(step.input ?? {}, ctx);
        if (!rendered.ok) return failStep(run, step.id, "action", now, `input: ${rendered.message}`, out);
        const valid = services.validateInput(step.action, rendered.value);
        if (!valid.ok) return failStep(run, step.id, "action", now, `input: ${valid.message}`, out);
        const approved = run.decisions.some((d) => d.stepId === step.id && d.decision !== "reject");
        let automatic: string[] | null = null;
        // The policy and the idempotency key read the same context: the step's, with its input.
        ctx["input"] = valid.value;
        if (!approved) {
          const need = services.approvalNeeded(step.action, ctx);
          if (need.automatic) automatic = need.reasons;
          if (need.required) {
            run.approval = { stepId: step.id, title: `${step.action} needs approval`, reasons: need.reasons, input: valid.value, requestedAt: now };
            run.status = "awaiting_approval";
            record(run, { id: step.id, kind: "action", status: "awaiting_approval", startedAt: now, finishedAt: null, input: valid.value });
            return out;
          }
        }
        const key = services.render(step.idempotency_key ?? spec.idempotencyKey, ctx);
        if (!key.ok || typeof key.value !== "string" || key.value === "") return failStep(run, step.id, "action", now, `idempotency key: ${key.ok ? "rendered empty" : key.message}`, out);
        if (spec.effect) {
          const input = valid.value as { shipment_key: string; reason: string };
          out.effects.push({ kind: spec.effect, shipmentKey: input.shipment_key, reason: input.reason, at: now });
          record(run, { id: step.id, kind: "action", status: "done", startedAt: now, finishedAt: now, input: valid.value, output: { effect: spec.effect, key: key.value } });
          run.pc++;
          continue;
        }
        const customer = ctx.customer as { id?: string | null; email?: string | null } | null | undefined;
        const payload = services.payload(step.action, valid.value, { idempotencyKey: key.value, now, customer: customer ? { id: customer.id ?? null, email: customer.email ?? null } : null });
        if (!payload.ok) return failStep(run, step.id, "action", now, `payload: ${payload.message}`, out);
        out.enqueue.push({
          id: stableId("outbox", key.value),
          shop: run.shop,
          idempotencyKey: key.value,
          channel: spec.channel,
          orderId: run.orderId,
          decisionId: run.id,
          payload: payload.value as Record<string, unknown>,
          // The review queue is itself the human step: its actions wait there instead of being sent.
          status: spec.category === "review" ? "awaiting_review" : "pending",
          createdAt: now,
        });
        // An action the policy let go without a person (an auto-sent reply) keeps the policy's reasons.
        record(run, { id: step.id, kind: "action", status: "done", startedAt: now, finishedAt: now, input: valid.value, output: { idempotency_key: key.value, channel: spec.channel, ...(automatic ? { automatic } : {}) } });
        if (run.pendingEdit?.stepId === step.id) run.pendingEdit = null;
        run.pc++;
        continue;
      }
      case "wait": {
        const step = instr.step;
        if (run.wait?.stepId === step.id && pending && "stepId" in pending && pending.stepId === step.id) {
          const timedOut = pending.kind === "timer" && run.wait.kind === "event";
          if (pending.kind === "event") ctx["event"] = pending.facts;
          record(run, withFields(memo(run, step.id)!, { status: "done" as const, finishedAt: pending.at, output: { outcome: pending.kind === "event" ? "event" : timedOut ? "timed_out" : "elapsed" } }));
          run.wait = null;
          run.status = "running";
          pending = null;
          run.pc = timedOut && instr.timeoutAt !== null ? instr.timeoutAt : run.pc + 1;
          continue;
        }
        return startWait(run, step, ctx, services, now, out);
      }
      case "approval": {
        const step = instr.step;
        if (pending?.kind === "approval" && pending.decision.stepId === step.id) {
          const d = pending.decision;
          run.decisions.push(d);
          run.approval = null;
          run.status = "running";
          pending = null;
          record(run, withFields(memo(run, step.id)!, { status: "done" as const, finishedAt: d.at, output: { decision: d.decision, by: d.by, note: d.note ?? null } }));
          if (d.decision === "reject") {
            if (instr.rejectAt === null) return finish(run, "rejected", d.at, `rejected by ${d.by}${d.note ? `: ${d.note}` : ""}`, out);
            run.pc = instr.rejectAt;
            continue;
          }
          // The human at an approval step decides the action that follows it: no second gate for it.
          const next = nextActionOnPath(program, run.pc + 1);
          if (next) {
            run.decisions.push({ stepId: next, decision: "approve", by: d.by, at: d.at, note: `approved at step ${step.id}` });
            if (d.decision === "edit") run.pendingEdit = { stepId: next, input: d.input };
          }
          run.pc++;
          continue;
        }
        const title = services.render(step.approval.title, ctx);
        run.approval = { stepId: step.id, title: title.ok ? String(title.value) : step.approval.title, reasons: [`the flow asks a human at step ${step.id}`], requestedAt: now };
        run.status = "awaiting_approval";
        record(run, { id: step.id, kind: "approval", status: "awaiting_approval", startedAt: now, finishedAt: null });
        return out;
      }
    }
  }
  return finish(run, "failed", now, "the run did not settle (a loop?)", out);
}

/** The action the main path reaches next (following jumps, so a rejection path is not it). */
function nextActionOnPath(program: Instr[], from: number): string | null {
  for (let i = from, guard = 0; i < program.length && guard < program.length; guard++) {
    const instr = program[i]!;
    if (instr.op === "action") return instr.step.id;
    if (instr.op === "jump") i = instr.to;
    else if (instr.op === "end" || instr.op === "stop") return null;
    else i++;
  }
  return null;
}

function startWait(run: FlowRun, step: WaitStepDef, ctx: Record<string, unknown>, services: EngineServices, now: string, out: AdvanceResult): AdvanceResult {
  const w = step.wait;
  let dueAt: string;
  let kind: "duration" | "until" | "event";
  let event: string | null = null;
  let match: string | null = null;
  if ("duration" in w) {
    const ms = services.duration(w.duration);
    if (ms === null) return failStep(run, step.id, "wait", now, `duration "${w.duration}" is not valid`, out);
    kind = "duration";
    dueAt = new Date(Date.parse(now) + ms).toISOString();
  } else if ("until" in w) {
    const v = services.evaluate(w.until, ctx);
    const at = v.ok && (typeof v.value === "string" || v.value instanceof Date) ? new Date(v.value as string).toISOString() : null;
    if (!at || Number.isNaN(Date.parse(at))) return failStep(run, step.id, "wait", now, `until: ${v.ok ? `"${w.until}" is not a timestamp` : v.message}`, out);
    kind = "until";
    dueAt = at < now ? now : at;
  } else {
    const ms = services.duration(w.timeout);
    if (ms === null) return failStep(run, step.id, "wait", now, `timeout "${w.timeout}" is not valid`, out);
    kind = "event";
    event = w.for.event;
    match = w.for.match ?? null;
    dueAt = new Date(Date.parse(now) + ms).toISOString();
  }
  run.wait = { stepId: step.id, kind, dueAt, event, match };
  run.status = "waiting";
  record(run, { id: step.id, kind: "wait", status: "waiting", startedAt: now, finishedAt: null, output: { until: dueAt, event } });
  out.timers.push({ shop: run.shop, orderId: run.orderId ?? "", name: flowTimerName(run.id, step.id), dueAt });
  return out;
}

function failStep(run: FlowRun, stepId: string, kind: StepRecord["kind"], now: string, error: string, out: AdvanceResult): AdvanceResult {
  record(run, { id: stepId, kind, status: "failed", startedAt: now, finishedAt: now, error });
  return finish(run, "failed", now, `step ${stepId}: ${error}`, out);
}

function finish(run: FlowRun, status: FlowRun["status"], now: string, reason: string | null, out: AdvanceResult): AdvanceResult {
  run.status = status;
  run.finishedAt = now;
  run.reason = reason;
  run.wait = null;
  run.approval = null;
  return out;
}
