import type { WebhookSource } from "../../ingest/source.js";
import { header } from "../../ingest/source.js";
import type { HelpdeskShop } from "../helpdesk/directory.js";
import { verifyGorgiasToken } from "./verify.js";
import { normalizeGorgias } from "./normalize.js";

/** POST /webhooks/helpdesk/gorgias — a Gorgias HTTP integration, authenticated by a per-shop token. */
export function gorgiasWebhookSource(shops: readonly HelpdeskShop[]): WebhookSource {
  return {
    id: "gorgias",
    authenticate(req) {
      const verified = verifyGorgiasToken(header(req, "x-firebreak-token") ?? req.query.token, shops);
      if (!verified.ok) return verified;
      return { ok: true, shop: verified.shop, deliveryId: null, topic: null };
    },
    normalize({ shop, body, receivedAt }) {
      const r = normalizeGorgias({ shop, body, receivedAt });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
