import type { WebhookSource } from "../../ingest/source.js";
import type { ShopDirectory } from "../shared/shop-directory.js";
import { normalizeShippo } from "./normalize.js";

/** POST /webhooks/tracking/shippo?token=… — Shippo signs nothing, so a per-shop URL token authenticates. */
export function shippoWebhookSource(shops: ShopDirectory): WebhookSource {
  return {
    id: "shippo",
    authenticate(req) {
      const token = req.query.token;
      if (!token) return { ok: false, code: "SIGNATURE_MISSING", message: "the Shippo webhook URL must carry ?token=<the shop's Shippo token>" };
      const shop = shops.shopForShippoToken(token);
      if (!shop) return { ok: false, code: "SIGNATURE_INVALID", message: "the Shippo token does not match any configured shop" };
      return { ok: true, shop, deliveryId: null, topic: null };
    },
    normalize({ shop, body, receivedAt }) {
      const r = normalizeShippo({ shop, body, receivedAt });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
