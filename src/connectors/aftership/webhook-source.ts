import type { WebhookSource } from "../../ingest/source.js";
import { header } from "../../ingest/source.js";
import type { ShopDirectory } from "../shared/shop-directory.js";
import { verifyAfterShipSignature } from "./verify.js";
import { normalizeAfterShip } from "./normalize.js";

/** POST /webhooks/tracking/aftership — aftership-hmac-sha256: base64 HMAC-SHA256 of the raw body. */
export function aftershipWebhookSource(shops: ShopDirectory, secrets: readonly string[]): WebhookSource {
  return {
    id: "aftership",
    authenticate(req) {
      if (secrets.length === 0) return { ok: false, code: "SIGNATURE_INVALID", message: "no AfterShip webhook secret is configured (FIREBREAK_AFTERSHIP_WEBHOOK_SECRET)" };
      const verified = verifyAfterShipSignature(req.rawBody, header(req, "aftership-hmac-sha256"), secrets);
      if (!verified.ok) return verified;
      const shop = shops.resolveTrackingShop(req.query.shop);
      if (!shop.ok) return shop;
      return { ok: true, shop: shop.shop, deliveryId: null, topic: null };
    },
    normalize({ shop, body }) {
      const r = normalizeAfterShip({ shop, body });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
