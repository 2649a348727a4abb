import { matchingSecretIndex } from "../shared/hmac.js";

export type AfterShipVerifyResult =
  | { ok: true; secretIndex: number }
  | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID"; message: string };

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** Checks `aftership-hmac-sha256`: base64 HMAC-SHA256 of the raw body under the webhook secret. */
export function verifyAfterShipSignature(rawBody: Buffer, headerValue: string | undefined, secrets: readonly string[]): AfterShipVerifyResult {
  if (headerValue === undefined || headerValue.trim() === "") {
    return { ok: false, code: "SIGNATURE_MISSING", message: "aftership-hmac-sha256 header is missing" };
  }
  const value = headerValue.trim();
  if (!BASE64_SHA256.test(value)) {
    return { ok: false, code: "SIGNATURE_INVALID", message: "aftership-hmac-sha256 is not the base64 of a 32-byte HMAC" };
  }
  const matched = matchingSecretIndex(rawBody, Buffer.from(value, "base64"), secrets);
  if (matched === -1) {
    return { ok: false, code: "SIGNATURE_INVALID", message: "aftership-hmac-sha256 does not match the body under any configured secret" };
  }
  return { ok: true, secretIndex: matched };
}
