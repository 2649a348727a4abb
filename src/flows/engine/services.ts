import type { Evaluation } from "./run.js";

/** How an action is carried out, as the engine needs to know it (from the action catalog). */
export interface ActionSpec {
  id: string;
  channel: string;
  category: string;
  idempotencyKey: string;
  customerFacing: boolean;
  /** Set for actions that change Firebreak's own state (holds) instead of going to the outbox. */
  effect?: "hold.place" | "hold.release";
}

export type Rendered = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * What the interpreter needs from the rest of the system, injected so that it stays pure and the
 * same code runs live, in a dry run and in a replay.
 */
export interface EngineServices {
  /** A condition evaluated with its explanation. */
  condition(expr: string, ctx: Record<string, unknown>): Evaluation;
  /** Whether a condition holds, without its explanation: for trigger filters and event matches, whose reasons are not kept. */
  test(expr: string, ctx: Record<string, unknown>): boolean;
  /** A CEL expression's plain value (wait.until). */
  evaluate(expr: string, ctx: Record<string, unknown>): Rendered;
  /** `{{ }}` templates in a value rendered against the context. */
  render(value: unknown, ctx: Record<string, unknown>): Rendered;
  /** "2d" → milliseconds, or null. */
  duration(text: string): number | null;
  action(id: string): ActionSpec | null;
  validateInput(actionId: string, input: unknown): Rendered;
  /** The outbox payload for a validated input (an action may add the customer's identity, the time, the key). */
  payload(actionId: string, input: unknown, ctx: { idempotencyKey: string; now: string; customer: { id: string | null; email: string | null } | null }): Rendered;
  /** Whether policy wants a human before this action runs, with the reasons. */
  approvalNeeded(actionId: string, ctx: Record<string, unknown>): { required: boolean; reasons: string[]; automatic?: boolean };
}
