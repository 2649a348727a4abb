import { systemClock, type Clock } from "../../core/clock.js";
import type { Channel } from "../../flows/channel.js";
import { failure } from "../../flows/delivery-result.js";
import { sendJson } from "../http/send-json.js";
import { EVENT_HEADER, IDEMPOTENCY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature.js";
import { WebhookSendPayload } from "./actions.js";

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/** The JSON a receiver gets: the event name, our idempotency key as its id, and the flow's data. */
export interface WebhookBody {
  id: string;
  type: string;
  shop: string;
  order_id: string | null;
  created_at: string;
  data: Record<string, unknown>;
}

/**
 * `webhook.send` → a signed POST to the brand's endpoint (an n8n or Shopify Flow webhook trigger,
 * Zapier, their own service). Retries are the dispatcher's (5xx, 429 with Retry-After, timeouts);
 * each attempt is signed afresh with its own timestamp, and carries the same idempotency key so
 * the receiver can drop a repeat.
 */
export function createWebhookChannel(opts: WebhookOptions): Channel {
  const clock = opts.clock ?? systemClock;
  return {
    name: "webhook.post",
    async send(action, ctx) {
      const parsed = WebhookSendPayload.safeParse(action.payload);
      if (!parsed.success) return failure("PAYLOAD_INVALID", `webhook action ${action.idempotencyKey}: ${parsed.error.issues.map((i) => i.message).join("; ")}`, { retryable: false });
      const body: WebhookBody = { id: action.idempotencyKey, type: parsed.data.event, shop: action.shop, order_id: action.orderId, created_at: action.createdAt, data: parsed.data.data };
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      // sendJson serialises with JSON.stringify too: the same object gives the same bytes we sign.
      const signature = signWebhook(opts.secret, timestamp, JSON.stringify(body));
      return sendJson({
        url: opts.url,
        label: "outbound webhook",
        headers: { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: String(timestamp), [IDEMPOTENCY_HEADER]: action.idempotencyKey, [EVENT_HEADER]: parsed.data.event, "user-agent": "Firebreak-Webhook/1" },
        body,
        timeoutMs: opts.timeoutMs,
        signal: ctx.signal,
        clock,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
    },
  };
}
