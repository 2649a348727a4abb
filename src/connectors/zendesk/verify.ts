import { createHmac } from "node:crypto";
import { safeEqual } from "../shared/hmac.js";
import type { HelpdeskShop } from "../helpdesk/directory.js";

export type ZendeskVerifyResult =
  | { ok: true; shop: string }
  | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID" | "SIGNATURE_STALE"; message: string };

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** base64(HMAC-SHA256(secret, timestamp + body)): what Zendesk puts in X-Zendesk-Webhook-Signature. */
export function zendeskSignature(secret: string, timestamp: string, body: Buffer): string {
  return createHmac("sha256", secret).update(timestamp).update(body).digest("base64");
}

/**
 * Checks a Zendesk webhook signature on the raw bytes, and that its timestamp is within the
 * shop's tolerance of `now` (a captured request replayed later is refused). Every shop's every
 * secret is tried, so timing does not reveal which matched.
 */
export function verifyZendeskSignature(req: { rawBody: Buffer; signature: string | undefined; timestamp: string | undefined }, shops: readonly HelpdeskShop[], now: Date): ZendeskVerifyResult {
  if (!req.signature || !req.timestamp) return { ok: false, code: "SIGNATURE_MISSING", message: "X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required" };
  const signature = req.signature.trim();
  if (!BASE64_SHA256.test(signature)) return { ok: false, code: "SIGNATURE_INVALID", message: "X-Zendesk-Webhook-Signature must be a base64 HMAC-SHA256" };
  const at = Date.parse(req.timestamp);
  if (Number.isNaN(at)) return { ok: false, code: "SIGNATURE_INVALID", message: "X-Zendesk-Webhook-Signature-Timestamp is not a timestamp" };
  const given = Buffer.from(signature, "base64");
  let found: HelpdeskShop | null = null;
  for (const s of shops) {
    for (const secret of s.secrets) {
      const ok = safeEqual(Buffer.from(zendeskSignature(secret, req.timestamp, req.rawBody), "base64"), given);
      if (ok && found === null) found = s;
    }
  }
  if (found === null) return { ok: false, code: "SIGNATURE_INVALID", message: "X-Zendesk-Webhook-Signature does not match the body under any shop's helpdesk.inboundSecrets" };
  const skew = Math.abs(now.getTime() - at) / 1000;
  if (skew > found.toleranceSeconds) {
    return { ok: false, code: "SIGNATURE_STALE", message: `the signature timestamp ${req.timestamp} is ${Math.round(skew)} s from now (tolerance ${found.toleranceSeconds} s)` };
  }
  return { ok: true, shop: found.shop };
}
