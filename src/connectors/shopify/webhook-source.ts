import { createHash } from "node:crypto";
import type { WebhookSource } from "../../ingest/source.js";
import { header } from "../../ingest/source.js";
import type { ShopDirectory } from "../shared/shop-directory.js";
import { verifyShopifyHmac } from "./verify.js";
import { normalizeShopify } from "./normalize/index.js";

/** POST /webhooks/shopify — X-Shopify-Hmac-Sha256 over the raw body, shop from X-Shopify-Shop-Domain. */
export function shopifyWebhookSource(shops: ShopDirectory): WebhookSource {
  return {
    id: "shopify",
    authenticate(req) {
      // Unsigned requests are turned away before anything else is looked at.
      if (!header(req, "x-shopify-hmac-sha256")) return { ok: false, code: "SIGNATURE_MISSING", message: "X-Shopify-Hmac-Sha256 header is missing" };
      const domain = header(req, "x-shopify-shop-domain");
      if (!domain) return { ok: false, code: "SHOP_MISSING", message: "X-Shopify-Shop-Domain header is missing" };
      const secrets = shops.shopifySecrets(domain);
      if (!secrets) return { ok: false, code: "SHOP_UNKNOWN", message: `shop "${domain}" is not configured` };
      const verified = verifyShopifyHmac(req.rawBody, header(req, "x-shopify-hmac-sha256"), secrets);
      if (!verified.ok) return verified;
      const topic = header(req, "x-shopify-topic");
      if (!topic) return { ok: false, code: "TOPIC_MISSING", message: "X-Shopify-Topic header is missing" };
      // Shopify retries carry the same webhook id; the event id is shared by all subscriptions of one event.
      const deliveryId =
        header(req, "x-shopify-webhook-id") ??
        header(req, "x-shopify-event-id") ??
        `sha256:${createHash("sha256").update(topic).update("\0").update(req.rawBody).digest("hex")}`;
      return { ok: true, shop: domain, deliveryId, topic };
    },
    normalize({ shop, deliveryId, topic, body, req, receivedAt }) {
      // Shopify always sends X-Shopify-Triggered-At; arrival time is the last resort for bodies without a timestamp.
      const triggeredAt = header(req, "x-shopify-triggered-at") ?? receivedAt;
      const r = normalizeShopify({ shop, topic: topic!, deliveryId: deliveryId!, triggeredAt, body });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
