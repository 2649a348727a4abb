import { z } from "zod";
import { registerUnionSelector, type UnionChoice } from "./union-select.js";
import { didYouMean } from "./did-you-mean.js";

// The YAML's snake_case keys are kept as they are in the parsed type: one name, one shape.

const FLOW_ID = /^[a-z0-9][a-z0-9-]*$/;
const STEP_ID = /^[a-z0-9][a-z0-9_-]*$/;

export const FlowId = z
  .string()
  .regex(FLOW_ID, { error: 'use lowercase letters, digits and "-", starting with a letter or digit' })
  .describe("Unique flow id: lowercase letters, digits and '-', e.g. delay-notice.");

export const StepId = z
  .string()
  .regex(STEP_ID, { error: 'use lowercase letters, digits, "-" and "_", starting with a letter or digit' })
  .describe("Step id, unique within the flow (nested steps included) and stable: runs are memoized and replayed by it.");

/** A CEL expression (checked at load by the injected checker). */
export const Expression = z.string().min(1).describe("A CEL expression, e.g. 'order.total_price >= 150.0'.");

/** A string that may embed CEL in `{{ … }}`. */
export const Template = z.string().describe("Text that may embed CEL in {{ … }}; exactly one {{ … }} keeps the value's type.");

/** Checked for its format at load (DURATION_INVALID), so the shape only asks for a string. */
export const Duration = z
  .string()
  .describe("A duration: 30s, 15m, 2h, 3d, 1w, or combined from the largest unit down, e.g. 1h30m.")
  // Editors get the format as a hint; the load reports DURATION_INVALID with the engine's parser.
  .meta({ pattern: "^(?=.)(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?$" });

const PositiveInt = z.number().int().min(1);

// ---- steps --------------------------------------------------------------------------------

export const STEP_KINDS = ["action", "branch", "wait", "approval", "stop"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const ActionStep = z
  .strictObject({
    id: StepId,
    action: z.string().min(1).describe("An action id from the catalog, e.g. notify.customer."),
    input: z.record(z.string(), z.unknown()).optional().describe("The action's input; strings may embed CEL in {{ … }}."),
    idempotency_key: Template.optional().describe("Template for the outbox idempotency key of this action."),
  })
  .describe("Enqueue a catalog action in the outbox; it never runs twice.");
export type ActionStep = z.infer<typeof ActionStep>;

export interface BranchStep {
  id: string;
  branch: { if: string; then: Step[]; else?: Step[] | undefined };
}
export const BranchStep: z.ZodType<BranchStep> = z
  .strictObject({
    id: StepId,
    branch: z.strictObject({
      if: Expression.describe("CEL condition; its explanation is recorded."),
      then: z.lazy(() => z.array(Step).min(1)).describe("Steps run when the condition holds."),
      else: z.lazy(() => z.array(Step)).optional().describe("Steps run when it does not."),
    }),
  })
  .describe("if / then / else.");

export const WaitDuration = z.strictObject({ duration: Duration });
export const WaitUntil = z.strictObject({ until: Expression.describe("CEL timestamp expression, e.g. timestamp(order.promised_by) + duration(\"24h\").") });
export interface WaitFor {
  for: { event: string; match?: string | undefined };
  timeout: string;
  on_timeout?: Step[] | undefined;
}
export const WaitFor: z.ZodType<WaitFor> = z.strictObject({
  for: z.strictObject({
    event: z.string().min(1).describe("The event type to wait for, e.g. tracking.updated."),
    match: Expression.optional().describe("CEL expression the event must satisfy (it sees `event`)."),
  }),
  timeout: Duration,
  on_timeout: z.lazy(() => z.array(Step)).optional().describe("Steps run when the timeout passes first."),
});

export const WAIT_KINDS = ["duration", "until", "for"] as const;
export type WaitSpec = z.infer<typeof WaitDuration> | z.infer<typeof WaitUntil> | WaitFor;
export const WaitSpec: z.ZodType<WaitSpec> = keyedUnion("wait", WAIT_KINDS, [WaitDuration, WaitUntil, WaitFor], [], {
  description: "Exactly one of: { duration }, { until }, or { for, timeout, on_timeout }.",
});

export const WaitStep = z
  .strictObject({ id: StepId, wait: WaitSpec })
  .describe("Wait for a duration, until a time, or for an event (with a timeout).");
export type WaitStep = { id: string; wait: WaitSpec };

export interface ApprovalStep {
  id: string;
  approval: { title: string; on_reject?: Step[] | undefined };
}
export const ApprovalStep: z.ZodType<ApprovalStep> = z
  .strictObject({
    id: StepId,
    approval: z.strictObject({
      title: Template.min(1).describe("What the reviewer is asked; may embed {{ … }}."),
      on_reject: z.lazy(() => z.array(Step)).optional().describe("Steps run when a human rejects."),
    }),
  })
  .describe("A human gate: the run waits until someone approves, edits or rejects.");

export const StopStep = z
  .strictObject({ id: StepId, stop: z.strictObject({ reason: z.string().optional() }) })
  .describe("End the run, with an optional reason.");
export type StopStep = z.infer<typeof StopStep>;

export type Step = ActionStep | BranchStep | WaitStep | ApprovalStep | StopStep;
export const Step: z.ZodType<Step> = keyedUnion("step", STEP_KINDS, [ActionStep, BranchStep, WaitStep, ApprovalStep, StopStep], ["id"], {
  id: "Step",
  description: "One step: exactly one of action, branch, wait, approval, stop, plus a unique id.",
});

/** Which kind a (valid) step is. */
export function stepKind(step: Step): StepKind {
  return STEP_KINDS.find((k) => k in step)!;
}

// ---- the flow -----------------------------------------------------------------------------

export const NamedCondition = z.strictObject({ name: z.string().min(1), expr: Expression });
export const Condition = registerUnionSelector(
  z.union([Expression, NamedCondition]).describe("A CEL expression, or { name, expr } to give it a readable name."),
  (raw): UnionChoice => (typeof raw === "string" ? { option: 0 } : isPlainObject(raw) ? { option: 1 } : { problem: `expected a CEL expression string or { name, expr }, got ${describeValue(raw)}` }),
);
export type Condition = z.infer<typeof Condition>;

export const Trigger = z.strictObject({
  events: z.array(z.string().min(1)).min(1).describe("One or more trigger types, e.g. signal.raised."),
  filter: Expression.optional().describe("CEL expression the trigger event must satisfy."),
});
export type Trigger = z.infer<typeof Trigger>;

export const Limits = z
  .strictObject({
    rate: z.strictObject({ max: PositiveInt, per: Duration }).optional().describe("Runs started per flow per shop."),
    frequency: z
      .strictObject({ max: PositiveInt, per: Duration, key: Template.min(1).describe("Template naming who is counted, e.g. '{{ customer.key }}'.") })
      .optional()
      .describe("Runs per key (e.g. per customer)."),
  })
  .describe("Optional operator controls.");
export type Limits = z.infer<typeof Limits>;

export const FlowDefinition = z
  .strictObject({
    id: FlowId,
    version: PositiveInt.describe("Integer >= 1; bump it when you change the flow (runs keep the version they started with)."),
    description: z.string().trim().min(1).describe("What the flow does, for the operator."),
    enabled: z.boolean().default(true).describe("false keeps the flow loaded but never started (e.g. to switch off a built-in flow)."),
    trigger: Trigger.describe("What starts a run: event types and an optional CEL filter."),
    conditions: z.array(Condition).default([]).describe("All must hold; each explains itself."),
    limits: Limits.optional(),
    steps: z.array(Step).min(1).describe("What the run does, in order."),
  })
  .meta({ title: "Firebreak flow", description: "What Firebreak does when something happens: trigger, conditions, steps. See docs/FLOWS.md." });
/** A validated flow, defaults applied. */
export type FlowDefinition = z.output<typeof FlowDefinition>;
/** What an author writes (enabled and conditions may be left out). */
export type FlowDefinitionInput = z.input<typeof FlowDefinition>;

// ---- helpers ------------------------------------------------------------------------------

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `string "one"`, `a list`, `null` — how a wrong value is named in messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "an empty value (null)";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean") return `${typeof v} ${String(v)}`;
  if (typeof v === "object") return "a mapping";
  return typeof v;
}

/**
 * A union where which option applies is decided by which one of `keys` is present (exactly one).
 * `common` keys belong to every option, so they are not taken for a misspelt kind.
 */
function keyedUnion<T>(what: string, keys: readonly string[], options: readonly z.ZodType[], common: readonly string[], meta: { id?: string; description: string }): z.ZodType<T> {
  const union = z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]).meta(meta) as unknown as z.ZodType<T>;
  return registerUnionSelector(union, keyedSelector(what, keys, common));
}

function keyedSelector(what: string, keys: readonly string[], common: readonly string[]) {
  const list = `${keys.slice(0, -1).join(", ")} or ${keys[keys.length - 1]}`;
  return (raw: unknown): UnionChoice => {
    if (!isPlainObject(raw)) return { problem: `expected a ${what} (a mapping with one of ${list}), got ${describeValue(raw)}` };
    const present = keys.filter((k) => k in raw);
    if (present.length === 1) return { option: keys.indexOf(present[0]!) };
    if (present.length > 1) return { problem: `a ${what} takes exactly one of ${list}; this one has ${present.map((k) => `"${k}"`).join(" and ")}`, key: present[1]! };
    const typo = Object.keys(raw)
      .filter((k) => !common.includes(k))
      .map((k) => ({ key: k, meant: didYouMean(k, keys) }))
      .find((t) => t.meant !== null);
    if (typo) return { problem: `a ${what} needs one of ${list}; unknown key "${typo.key}" (did you mean "${typo.meant}"?)`, key: typo.key };
    return { problem: `a ${what} needs one of ${list}` };
  };
}
