import { z } from "zod";

/** One condition or branch evaluation, as the run records it. */
export const Evaluation = z.object({
  expr: z.string(),
  match: z.boolean(),
  reason: z.string(),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const StepStatus = z.enum(["done", "waiting", "awaiting_approval", "skipped", "failed"]);
export type StepStatus = z.infer<typeof StepStatus>;

/** What happened at one step: memoized, so a resumed run never repeats an action. */
export const StepRecord = z.object({
  id: z.string(),
  kind: z.enum(["action", "branch", "wait", "approval", "stop"]),
  status: StepStatus,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  evaluation: Evaluation.optional(),
  error: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

export const RunStatus = z.enum(["running", "waiting", "awaiting_approval", "completed", "skipped", "stopped", "rejected", "failed"]);
export type RunStatus = z.infer<typeof RunStatus>;
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "skipped", "stopped", "rejected", "failed"]);

export const RunWait = z.object({
  stepId: z.string(),
  kind: z.enum(["duration", "until", "event"]),
  /** When the timer fires: the wake-up for duration/until, the timeout for an event wait. */
  dueAt: z.string(),
  event: z.string().nullable(),
  match: z.string().nullable(),
});
export type RunWait = z.infer<typeof RunWait>;

export const ApprovalRequest = z.object({
  stepId: z.string(),
  title: z.string(),
  /** Why a human is needed (the approval step itself, or the policy's reasons for an action). */
  reasons: z.array(z.string()),
  /** For a policy gate on an action: the input the action would run with (an edit replaces it). */
  input: z.unknown().optional(),
  requestedAt: z.string(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const ApprovalDecision = z.object({
  stepId: z.string(),
  decision: z.enum(["approve", "edit", "reject"]),
  by: z.string().min(1),
  at: z.string(),
  input: z.unknown().optional(),
  note: z.string().optional(),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** The trigger a run started from, kept so that a resumed run sees what started it. */
export const RunTrigger = z.object({
  type: z.string(),
  key: z.string(),
  eventId: z.string(),
  occurredAt: z.string(),
  shipmentKey: z.string().nullable(),
  /** The trigger's own facts in the context's snake_case shape (event, signal, previous tag…). */
  facts: z.record(z.string(), z.unknown()),
});
export type RunTrigger = z.infer<typeof RunTrigger>;

/**
 * A durable flow run. The flow definition it started with is kept on the run, so an in-flight run
 * keeps its version when the operator changes the flow.
 */
export const FlowRun = z.object({
  id: z.string(),
  shop: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  flow: z.unknown(), // the FlowDefinition snapshot
  orderId: z.string().nullable(),
  trigger: RunTrigger,
  status: RunStatus,
  pc: z.number().int(),
  conditions: z.array(Evaluation),
  steps: z.array(StepRecord),
  wait: RunWait.nullable(),
  approval: ApprovalRequest.nullable(),
  decisions: z.array(ApprovalDecision),
  /** An edit approved for the next action replaces that action's rendered input. */
  pendingEdit: z.object({ stepId: z.string(), input: z.unknown() }).nullable(),
  reason: z.string().nullable(),
  /** The rendered `limits.frequency.key` of the run (who it counted against), if the flow has one. */
  limitKey: z.string().nullable().optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type FlowRun = z.infer<typeof FlowRun>;
