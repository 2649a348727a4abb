import { matchingSecretIndex } from "../shared/hmac.js";

export type ShopifyVerifyResult =
  | { ok: true; secretIndex: number }
  | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID"; message: string };

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Checks `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body) against each configured
 * secret, so that a secret can be rotated without dropping deliveries signed with the old one.
 * `secretIndex` says which secret matched, so the caller can tell when the old one is retired.
 */
export function verifyShopifyHmac(rawBody: Buffer, headerValue: string | undefined, secrets: readonly string[]): ShopifyVerifyResult {
  if (headerValue === undefined || headerValue.trim() === "") {
    return { ok: false, code: "SIGNATURE_MISSING", message: "X-Shopify-Hmac-Sha256 header is missing" };
  }
  const value = headerValue.trim();
  // Buffer.from(…, "base64") silently skips junk; insist on the exact shape of 32 bytes in base64.
  if (!BASE64_SHA256.test(value)) {
    return { ok: false, code: "SIGNATURE_INVALID", message: "X-Shopify-Hmac-Sha256 is not the base64 of a 32-byte HMAC" };
  }
  const matched = matchingSecretIndex(rawBody, Buffer.from(value, "base64"), secrets);
  if (matched === -1) {
    return { ok: false, code: "SIGNATURE_INVALID", message: "X-Shopify-Hmac-Sha256 does not match the body under any configured secret" };
  }
  return { ok: true, secretIndex: matched };
}
