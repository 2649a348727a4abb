import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** HMAC-SHA256 of the raw body bytes. Signatures are always computed over bytes, never re-serialized JSON. */
export function hmacSha256(secret: string | Buffer, body: Buffer): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/**
 * Constant-time comparison. A length mismatch returns false (timingSafeEqual would throw); the
 * length of a well-formed signature is public, so leaking it costs nothing.
 */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * Constant-time equality for secrets whose length is itself secret (URL tokens): both sides are
 * hashed to 32 bytes first, so neither the content nor the length leaks through timing.
 */
export function safeEqualSecret(given: string, configured: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(configured).digest();
  return timingSafeEqual(a, b);
}

/**
 * The index of the first secret under which `given` is the HMAC-SHA256 of `body`, or -1. Every
 * secret is tried, even after a match, so that timing does not reveal which one is current during
 * a rotation. Empty secrets never match.
 */
export function matchingSecretIndex(body: Buffer, given: Buffer, secrets: readonly (string | Buffer)[]): number {
  let matched = -1;
  secrets.forEach((secret, index) => {
    const ok = secret.length > 0 && safeEqual(hmacSha256(secret, body), given);
    if (ok && matched === -1) matched = index;
  });
  return matched;
}
