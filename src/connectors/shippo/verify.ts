import { safeEqualSecret } from "../shared/hmac.js";

export type ShippoVerifyResult =
  | { ok: true; tokenIndex: number }
  | { ok: false; code: "SIGNATURE_MISSING" | "SIGNATURE_INVALID"; message: string };

/**
 * Shippo signs nothing: the webhook URL carries a secret token (`?token=…`) that we compare, in
 * constant time and against every configured token, so that neither match nor length leaks.
 */
export function verifyShippoToken(urlToken: string | undefined, configured: readonly string[]): ShippoVerifyResult {
  if (urlToken === undefined || urlToken === "") {
    return { ok: false, code: "SIGNATURE_MISSING", message: "the Shippo webhook URL carries no ?token=" };
  }
  let matched = -1;
  configured.forEach((token, index) => {
    const ok = token.length > 0 && safeEqualSecret(urlToken, token);
    if (ok && matched === -1) matched = index;
  });
  if (matched === -1) return { ok: false, code: "SIGNATURE_INVALID", message: "the Shippo webhook token does not match any configured token" };
  return { ok: true, tokenIndex: matched };
}
