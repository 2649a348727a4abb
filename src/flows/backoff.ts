import { z } from "zod";
import type { DeliveryResult } from "./delivery-result.js";

/** How often and how patiently an action is retried. Declared per channel or per step. */
export const RetryPolicy = z.object({
  maxAttempts: z.number().int().min(1).default(8),
  baseMs: z.number().int().positive().default(2_000),
  maxMs: z.number().int().positive().default(60 * 60_000), // 1 h
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = RetryPolicy.parse({});

/**
 * A vendor's Retry-After is honoured up to this ceiling; beyond it the value is more likely a bug
 * (or an hours-long outage) than a schedule, and the dead-letter count should take over.
 */
export const RETRY_AFTER_CAP_MS = 6 * 60 * 60_000;

/** The ceiling of the jitter window after `attempt` failed attempts: base·2^(attempt−1), capped. */
export function backoffCeiling(attempt: number, policy: RetryPolicy): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^n overflows to Infinity for large n, which Math.min turns back into the cap.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * uniform in [0, ceiling]. Full jitter spreads a burst of failures — every Klaviyo call rate-limited
 * at once — instead of retrying them in lockstep. `random` is injected so tests are deterministic.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const r = Math.min(1, Math.max(0, random()));
  return Math.floor(r * backoffCeiling(attempt, policy));
}

/**
 * Delay before the next attempt after attempt number `attempt` (1-based) failed. A vendor's
 * Retry-After is a floor: the next attempt is never earlier than it, only later when our own
 * backoff is longer — and never later than RETRY_AFTER_CAP_MS.
 */
export function nextAttemptDelay(
  result: { retryAfterMs?: number | undefined },
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const backoff = backoffDelay(attempt, policy, random);
  if (result.retryAfterMs === undefined) return backoff;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(result.retryAfterMs, backoff));
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "delivered" | "not_retryable" | "attempts_exhausted" };

/** The whole decision after a send: done, give up (and why), or retry after a delay. */
export function retryDecision(result: DeliveryResult, attempt: number, policy: RetryPolicy, random: () => number): RetryDecision {
  if (result.ok) return { retry: false, reason: "delivered" };
  if (!result.retryable) return { retry: false, reason: "not_retryable" };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: "attempts_exhausted" };
  return { retry: true, delayMs: nextAttemptDelay(result, attempt, policy, random) };
}
