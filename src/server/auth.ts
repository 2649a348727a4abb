import { createHash, timingSafeEqual } from "node:crypto";

const sha256 = (s: string): Buffer => createHash("sha256").update(s).digest();

/** Constant-time bearer token check (hashing first makes the lengths equal). */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = bearerOf(authorization);
  return presented !== null && timingSafeEqual(sha256(presented), sha256(token));
}

function bearerOf(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return m ? m[1]! : null;
}

/** One accepted API token, held only as its SHA-256 so the clear token need not stay in memory or config. */
export interface ApiTokenEntry {
  name: string;
  sha256: Buffer;
  /** ISO time after which the token is refused; none = it does not expire. */
  expiresAt?: string | undefined;
}

export type TokenCheck = { ok: true; name: string } | { ok: false; reason: "missing" | "invalid" | "expired"; name?: string };

/**
 * Checks an Authorization header against every configured token. Every entry is compared (no
 * early exit) with timingSafeEqual over equal-length digests, so the answer's timing says nothing
 * about which token, or how much of one, matched.
 */
export function checkBearer(authorization: string | undefined, tokens: readonly ApiTokenEntry[], now: Date): TokenCheck {
  const presented = bearerOf(authorization);
  if (presented === null) return { ok: false, reason: "missing" };
  const digest = sha256(presented);
  let matched: ApiTokenEntry | undefined;
  for (const entry of tokens) {
    if (timingSafeEqual(digest, entry.sha256) && !matched) matched = entry;
  }
  if (!matched) return { ok: false, reason: "invalid" };
  if (matched.expiresAt !== undefined && Date.parse(matched.expiresAt) <= now.getTime()) return { ok: false, reason: "expired", name: matched.name };
  return { ok: true, name: matched.name };
}

/** The single `apiToken` (never expires) plus the named `apiTokens`, each reduced to its hash. */
export function apiTokenEntries(apiToken: string, extra: ReadonlyArray<{ name: string; token?: string | undefined; tokenSha256?: string | undefined; expiresAt?: string | undefined }> = []): ApiTokenEntry[] {
  return [
    { name: "apiToken", sha256: sha256(apiToken) },
    ...extra.map((t) => ({ name: t.name, sha256: t.token !== undefined ? sha256(t.token) : Buffer.from(t.tokenSha256!, "hex"), expiresAt: t.expiresAt })),
  ];
}
