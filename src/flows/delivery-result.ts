import { z } from "zod";

/**
 * What every connector's `send` returns. Errors are values that carry their retry meaning
 * (like Inngest's NonRetriableError / RetryAfterError), so the dispatcher decides without
 * knowing any vendor.
 */
export const DeliveryResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    status: z.number().int(),
    detail: z.string().optional(),
  }),
  z.object({
    ok: z.literal(false),
    retryable: z.boolean(),
    retryAfterMs: z.number().nonnegative().optional(), // the vendor said "not before"
    status: z.number().int().optional(), // absent when no HTTP response arrived
    code: z.string(), // stable: "RATE_LIMITED", "TIMEOUT", "CHANNEL_UNKNOWN", …
    error: z.string(), // what happened, for a human; never carries credentials
  }),
]);
export type DeliveryResult = z.infer<typeof DeliveryResult>;
export type DeliveryFailure = Extract<DeliveryResult, { ok: false }>;

export function delivered(status: number, detail?: string): DeliveryResult {
  return detail === undefined ? { ok: true, status } : { ok: true, status, detail };
}

export function failure(
  code: string,
  error: string,
  opts: { retryable: boolean; status?: number; retryAfterMs?: number },
): DeliveryFailure {
  const result: DeliveryFailure = { ok: false, retryable: opts.retryable, code, error };
  if (opts.status !== undefined) result.status = opts.status;
  if (opts.retryAfterMs !== undefined) result.retryAfterMs = opts.retryAfterMs;
  return result;
}

const DELTA_SECONDS = /^\d+(\.\d+)?$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3) into milliseconds from `now`.
 * Accepts delta-seconds ("120") and an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", or the two
 * obsolete date forms, which recipients must accept). A date in the past means "now" (0).
 * Anything else is undefined: a malformed header must not stall a retry forever.
 */
export function parseRetryAfter(headerValue: string | null | undefined, now: Date): number | undefined {
  if (headerValue === null || headerValue === undefined) return undefined;
  const value = headerValue.trim();
  if (value === "") return undefined;
  if (DELTA_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  // A date always names its month in letters; this keeps Date.parse from reading "-5" or "2024" as dates.
  if (!/[A-Za-z]/.test(value)) return undefined;
  // asctime dates carry no zone but mean GMT; Date.parse would read them as local time.
  const at = Date.parse(ASCTIME.test(value) ? `${value} GMT` : value);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
