import { describe, expect, it } from "vitest";
import {
  backoffCeiling,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  nextAttemptDelay,
  RETRY_AFTER_CAP_MS,
  retryDecision,
  RetryPolicy,
} from "../../src/flows/backoff.js";
import { failure } from "../../src/flows/delivery-result.js";

const policy = RetryPolicy.parse({ baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 });

describe("RetryPolicy", () => {
  it("defaults to 8 attempts, 2 s base, 1 h cap", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 8, baseMs: 2_000, maxMs: 3_600_000 });
  });
  it("rejects a zero-attempt policy", () => {
    expect(RetryPolicy.safeParse({ maxAttempts: 0 }).success).toBe(false);
  });
});

describe("backoffDelay", () => {
  it("has a ceiling that doubles, never decreases, and stops at maxMs", () => {
    const ceilings = Array.from({ length: 40 }, (_, i) => backoffCeiling(i + 1, policy));
    expect(ceilings.slice(0, 7)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    for (let i = 1; i < ceilings.length; i++) expect(ceilings[i]).toBeGreaterThanOrEqual(ceilings[i - 1]!);
    expect(Math.max(...ceilings)).toBe(60_000);
    expect(backoffCeiling(5_000, policy)).toBe(60_000); // 2^4999 overflows, still capped
  });

  it("is full jitter: uniform in [0, ceiling], driven by the injected random", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(3_999);
    for (let attempt = 1; attempt <= 20; attempt++) {
      for (const r of [0, 0.1, 0.37, 0.5, 0.93, 0.999]) {
        const d = backoffDelay(attempt, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(backoffCeiling(attempt, policy));
      }
    }
  });

  it("clamps a misbehaving random source", () => {
    expect(backoffDelay(2, policy, () => 7)).toBe(2_000);
    expect(backoffDelay(2, policy, () => -1)).toBe(0);
  });
});

describe("nextAttemptDelay", () => {
  const rateLimited = (retryAfterMs?: number) => failure("RATE_LIMITED", "429", { retryable: true, status: 429, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

  it("is never earlier than Retry-After", () => {
    expect(nextAttemptDelay(rateLimited(30_000), 1, policy, () => 0.5)).toBe(30_000);
  });
  it("keeps its own backoff when that is longer than Retry-After", () => {
    expect(nextAttemptDelay(rateLimited(100), 4, policy, () => 0.5)).toBe(4_000);
  });
  it("caps an absurd Retry-After at 6 h", () => {
    expect(nextAttemptDelay(rateLimited(3 * 24 * 3_600_000), 1, policy, () => 0.5)).toBe(RETRY_AFTER_CAP_MS);
    expect(RETRY_AFTER_CAP_MS).toBe(6 * 3_600_000);
  });
  it("falls back to jittered backoff without Retry-After", () => {
    expect(nextAttemptDelay(rateLimited(), 2, policy, () => 0.25)).toBe(500);
  });
});

describe("retryDecision", () => {
  const random = () => 0.5;
  it("stops on success, on a permanent error, and after maxAttempts", () => {
    expect(retryDecision({ ok: true, status: 202 }, 1, policy, random)).toEqual({ retry: false, reason: "delivered" });
    expect(retryDecision(failure("UNAUTHORIZED", "401", { retryable: false }), 1, policy, random)).toEqual({ retry: false, reason: "not_retryable" });
    expect(retryDecision(failure("SERVER_ERROR", "500", { retryable: true }), 5, policy, random)).toEqual({ retry: false, reason: "attempts_exhausted" });
  });
  it("retries a retryable failure with the computed delay", () => {
    expect(retryDecision(failure("SERVER_ERROR", "500", { retryable: true }), 2, policy, random)).toEqual({ retry: true, delayMs: 1_000 });
  });
});
