import { safeEqualSecret } from "./hmac.js";

/** The configured shops, as the webhook sources need them. */
export interface ShopDirectory {
  /** Shopify client secrets for a shop domain; null when the shop is not configured. */
  shopifySecrets(domain: string): readonly string[] | null;
  /** The shop a tracking webhook belongs to: the `shop` query parameter, or the only configured shop. */
  resolveTrackingShop(requested: string | undefined): { ok: true; shop: string } | { ok: false; code: "SHOP_UNKNOWN" | "SHOP_MISSING"; message: string };
  /** The shop whose Shippo URL token matches (constant-time), if any. */
  shopForShippoToken(token: string): string | null;
}

export function createShopDirectory(shops: ReadonlyArray<{ domain: string; webhookSecrets: readonly string[]; shippoTokens: readonly string[] }>): ShopDirectory {
  const byDomain = new Map(shops.map((s) => [s.domain, s]));
  return {
    shopifySecrets: (domain) => byDomain.get(domain)?.webhookSecrets ?? null,
    resolveTrackingShop: (requested) => {
      if (requested !== undefined && requested !== "") {
        return byDomain.has(requested) ? { ok: true, shop: requested } : { ok: false, code: "SHOP_UNKNOWN", message: `shop "${requested}" is not configured` };
      }
      if (shops.length === 1) return { ok: true, shop: shops[0]!.domain };
      return { ok: false, code: "SHOP_MISSING", message: "several shops are configured: add ?shop=<domain>.myshopify.com to the webhook URL" };
    },
    shopForShippoToken: (token) => {
      let found: string | null = null;
      // Compare against every token so the time taken does not reveal which shop matched.
      for (const s of shops) for (const t of s.shippoTokens) if (safeEqualSecret(token, t) && found === null) found = s.domain;
      return found;
    },
  };
}
