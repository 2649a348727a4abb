import { z } from "zod";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../backoff.js";

/** What kind of thing an action does; the approval policy names categories as well as ids. */
export const ActionCategory = z.enum([
  "notification",
  "profile",
  "internal_alert",
  "review",
  "refund",
  "reship",
  "credit",
  "discount",
  "retention_offer",
  "order_change",
  "ticket_update",
  "ticket_reply",
]);
export type ActionCategory = z.infer<typeof ActionCategory>;

/**
 * Whether a human approves before the action is enqueued: "never" (harmless or itself the human
 * queue), "policy" (the operator's policy file decides), "always" (money and promises).
 */
export const ApprovalMode = z.enum(["never", "policy", "always"]);
export type ApprovalMode = z.infer<typeof ApprovalMode>;

/** The medium a customer-facing action reaches the customer through (quiet hours differ by medium). */
export const ChannelKind = z.enum(["email", "sms", "push", "internal"]);
export type ChannelKind = z.infer<typeof ChannelKind>;

/**
 * Used when an action declares no key: one outbox row per run and step, so a resumed or replayed
 * run never sends twice. Flows that must dedupe across runs (one notice per shipment and reason)
 * set their own key on the step.
 */
export const DEFAULT_IDEMPOTENCY_KEY = "{{ run.flow_id }}:{{ run.trigger_key }}:{{ step.id }}";

/** What the engine knows when it turns a validated input into the outbox payload. */
export interface PayloadContext {
  /** The rendered idempotency key of this action. */
  idempotencyKey: string;
  /** ISO time the step runs (the trigger's source time in a replay). */
  now: string;
  /** The customer the run concerns, when known. */
  customer: { id: string | null; email: string | null; phone?: string | null } | null;
}

export type PayloadResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; code: "ACTION_PAYLOAD_INVALID"; message: string };

/** An action's input is always a mapping: it is written as one in YAML and stored as the outbox payload. */
export type InputSchema = z.ZodType<Record<string, unknown>>;

export interface ActionDefinition<S extends InputSchema = InputSchema> {
  /** Stable id flows name, e.g. "notify.customer". */
  readonly id: string;
  readonly description: string;
  readonly category: ActionCategory;
  /** The outbox channel app.ts binds to a connector. */
  readonly channel: string;
  readonly input: S;
  readonly retry: RetryPolicy;
  /** `{{ expr }}` CEL template over the flow context plus `run`, `step` and `input`. */
  readonly idempotencyKey: string;
  /** Cannot be taken back once delivered (money moved, parcel sent). */
  readonly irreversible: boolean;
  readonly approval: ApprovalMode;
  /** The customer sees the result (frequency limits and quiet hours apply). */
  readonly customerFacing: boolean;
  readonly channelKind?: ChannelKind;
  /**
   * An effect on Firebreak's own state instead of an outbox row: a hold on the customer (which
   * later layers read to hold back promotions). Such actions are never dispatched.
   */
  readonly effect?: "hold.place" | "hold.release";
  /**
   * Builds the outbox payload from the validated input and what the engine knows (the customer's
   * identity, the time, the key). Without it, the validated input is the payload. A method, not a
   * property, so that definitions with narrower inputs still fit an `ActionDefinition[]`.
   */
  toPayload?(input: z.output<S>, ctx: PayloadContext): PayloadResult;
}

export type ActionSpec<S extends InputSchema> = Omit<ActionDefinition<S>, "retry" | "idempotencyKey"> & {
  retry?: RetryPolicy;
  idempotencyKey?: string;
};

/**
 * Declares an action. Generic over the input schema so that `toPayload` sees the parsed input's
 * type and a schema whose output is not a mapping does not compile.
 */
export function defineAction<S extends InputSchema>(spec: ActionSpec<S>): ActionDefinition<S> {
  return {
    ...spec,
    retry: spec.retry ?? DEFAULT_RETRY_POLICY,
    idempotencyKey: spec.idempotencyKey ?? DEFAULT_IDEMPOTENCY_KEY,
  };
}
