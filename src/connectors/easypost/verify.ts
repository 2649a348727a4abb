import { matchingSecretIndex } from "../shared/hmac.js";

export type EasyPostVerifyResult =
  | { ok: true; secretIndex: number }
  | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID"; message: string };

const SIGNATURE = /^hmac-sha256-hex=([0-9a-fA-F]{64})$/;

/**
 * Checks `X-Hmac-Signature: hmac-sha256-hex=<hex>`, the HMAC-SHA256 of the raw body under the
 * webhook secret. EasyPost's client libraries NFKD-normalise the secret before use, so a secret
 * with accents ("sécret") only verifies in that form; we do the same.
 */
export function verifyEasyPostSignature(rawBody: Buffer, headerValue: string | undefined, secrets: readonly string[]): EasyPostVerifyResult {
  if (headerValue === undefined || headerValue.trim() === "") {
    return { ok: false, code: "SIGNATURE_MISSING", message: "X-Hmac-Signature header is missing" };
  }
  const m = SIGNATURE.exec(headerValue.trim());
  if (!m?.[1]) {
    return { ok: false, code: "SIGNATURE_INVALID", message: 'X-Hmac-Signature must be "hmac-sha256-hex=" followed by 64 hex digits' };
  }
  const normalised = secrets.map((s) => Buffer.from(s.normalize("NFKD"), "utf8"));
  const matched = matchingSecretIndex(rawBody, Buffer.from(m[1], "hex"), normalised);
  if (matched === -1) {
    return { ok: false, code: "SIGNATURE_INVALID", message: "X-Hmac-Signature does not match the body under any configured secret" };
  }
  return { ok: true, secretIndex: matched };
}
