import { createHmac } from "node:crypto";
import { safeEqual } from "../shared/hmac.js";

/**
 * Firebreak's outbound webhook signature, in the Stripe/Shopify manner: an HMAC-SHA256 over
 * `<timestamp>.<raw body>` with the shared secret, sent as `X-Firebreak-Signature: sha256=<hex>`
 * beside `X-Firebreak-Timestamp` (Unix seconds). The timestamp inside the signed text lets a
 * receiver refuse replays of an old request.
 */
export const SIGNATURE_HEADER = "x-firebreak-signature";
export const TIMESTAMP_HEADER = "x-firebreak-timestamp";
export const IDEMPOTENCY_HEADER = "x-firebreak-idempotency-key";
export const EVENT_HEADER = "x-firebreak-event";

export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
  return `sha256=${mac}`;
}

export type VerifyResult = { ok: true } | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_MALFORMED" | "SIGNATURE_MISMATCH" | "TIMESTAMP_OUT_OF_TOLERANCE"; message: string };

/**
 * What a receiver runs (and what our tests run against what we send). Constant-time; never
 * throws. `toleranceSeconds` bounds the clock difference and the replay window.
 */
export function verifyWebhook(input: { secret: string; signature: string | undefined; timestamp: string | undefined; rawBody: string | Buffer; now: Date; toleranceSeconds?: number }): VerifyResult {
  if (!input.signature || !input.timestamp) return { ok: false, code: "SIGNATURE_MISSING", message: `needs ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER}` };
  const ts = /^\d{1,12}$/.test(input.timestamp) ? Number(input.timestamp) : NaN;
  const given = /^sha256=([0-9a-f]{64})$/.exec(input.signature)?.[1];
  if (!Number.isFinite(ts) || given === undefined) return { ok: false, code: "SIGNATURE_MALFORMED", message: "expected sha256=<64 hex> and a Unix timestamp in seconds" };
  const skew = Math.abs(input.now.getTime() / 1000 - ts);
  const tolerance = input.toleranceSeconds ?? 300;
  if (skew > tolerance) return { ok: false, code: "TIMESTAMP_OUT_OF_TOLERANCE", message: `timestamp is ${Math.round(skew)} s from now (tolerance ${tolerance} s)` };
  const expected = signWebhook(input.secret, ts, input.rawBody).slice("sha256=".length);
  return safeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex")) ? { ok: true } : { ok: false, code: "SIGNATURE_MISMATCH", message: "the signature does not match the body" };
}
