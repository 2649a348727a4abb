import { safeEqualSecret } from "../shared/hmac.js";
import type { HelpdeskShop } from "../helpdesk/directory.js";

export type GorgiasVerifyResult = { ok: true; shop: string } | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID"; message: string };

/**
 * Gorgias HTTP integrations sign nothing: the operator puts a per-shop token in a header
 * (X-Firebreak-Token) or the URL (?token=). Every configured token is compared in constant time,
 * even after a match, so timing reveals neither the token nor which shop it belongs to.
 */
export function verifyGorgiasToken(token: string | undefined, shops: readonly HelpdeskShop[]): GorgiasVerifyResult {
  if (token === undefined || token === "") return { ok: false, code: "SIGNATURE_MISSING", message: "send the shop's Gorgias token in X-Firebreak-Token (or ?token=)" };
  let found: string | null = null;
  for (const s of shops) for (const secret of s.secrets) if (safeEqualSecret(token, secret) && found === null) found = s.shop;
  if (found === null) return { ok: false, code: "SIGNATURE_INVALID", message: "the Gorgias token does not match any shop's helpdesk.inboundSecrets" };
  return { ok: true, shop: found };
}
