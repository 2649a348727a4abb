import type { WebhookSource } from "../../ingest/source.js";
import { header } from "../../ingest/source.js";
import type { HelpdeskShop } from "../helpdesk/directory.js";
import { verifyZendeskSignature } from "./verify.js";
import { normalizeZendesk } from "./normalize.js";

/** POST /webhooks/helpdesk/zendesk — signed with the webhook's secret over timestamp + body. */
export function zendeskWebhookSource(shops: readonly HelpdeskShop[], now: () => Date): WebhookSource {
  return {
    id: "zendesk",
    authenticate(req) {
      const verified = verifyZendeskSignature(
        { rawBody: req.rawBody, signature: header(req, "x-zendesk-webhook-signature"), timestamp: header(req, "x-zendesk-webhook-signature-timestamp") },
        shops,
        now(),
      );
      if (!verified.ok) return verified;
      return { ok: true, shop: verified.shop, deliveryId: null, topic: null };
    },
    normalize({ shop, body }) {
      const r = normalizeZendesk({ shop, body });
      return r.ok ? r : { ok: false, code: r.code, message: r.message };
    },
  };
}
