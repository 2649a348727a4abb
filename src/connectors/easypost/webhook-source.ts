import type { WebhookSource } from "../../ingest/source.js";
import { header } from "../../ingest/source.js";
import type { ShopDirectory } from "../shared/shop-directory.js";
import { verifyEasyPostSignature } from "./verify.js";
import { normalizeEasyPost } from "./normalize.js";

/** POST /webhooks/tracking/easypost — X-Hmac-Signature: hmac-sha256-hex=<hex>, secret NFKD-normalised. */
export function easypostWebhookSource(shops: ShopDirectory, secrets: readonly string[]): WebhookSource {
  return {
    id: "easypost",
    authenticate(req) {
      if (secrets.length === 0) return { ok: false, code: "SIGNATURE_INVALID", message: "no EasyPost webhook secret is configured (FIREBREAK_EASYPOST_WEBHOOK_SECRET)" };
      const verified = verifyEasyPostSignature(req.rawBody, header(req, "x-hmac-signature"), secrets);
      if (!verified.ok) return verified;
      const shop = shops.resolveTrackingShop(req.query.shop);
      if (!shop.ok) return shop;
      return { ok: true, shop: shop.shop, deliveryId: null, topic: null };
    },
    normalize({ shop, body }) {
      const r = normalizeEasyPost({ shop, body });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
