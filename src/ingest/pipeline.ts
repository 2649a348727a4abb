import { parseJsonLossless } from "../core/lossless-json.js";
import type { Clock } from "../core/clock.js";
import type { IdSource } from "../core/ids.js";
import type { AppendResult, Delivery } from "../store/port.js";
import type { ErrorCode } from "../server/errors.js";
import type { InboundRequest, WebhookSource } from "./source.js";

/** The outcome of one webhook delivery, mapped to HTTP only at the edge. */
export type IngestResult =
  | { kind: "stored"; eventId: string; ignored: boolean }
  | { kind: "duplicate"; eventId: string }
  | { kind: "rejected"; code: ErrorCode; message: string };

export interface IngestDeps {
  clock: Clock;
  ids: IdSource;
  append(delivery: Delivery): Promise<AppendResult>;
}

/** Headers that must never be stored: signatures and credentials. */
const SECRET_HEADERS = /^(x-shopify-hmac-sha256|x-hmac-signature|aftership-hmac-sha256|authorization|cookie|x-api-key|x-firebreak-token|x-zendesk-webhook-signature)$/i;

function keptHeaders(headers: InboundRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || SECRET_HEADERS.test(k)) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/**
 * verify → parse → normalize → append (durable) → result. Nothing is written unless every
 * step before the append succeeded, so a rejected request leaves no trace in the store.
 */
export async function ingest(source: WebhookSource, req: InboundRequest, deps: IngestDeps): Promise<IngestResult> {
  const auth = source.authenticate(req);
  if (!auth.ok) return { kind: "rejected", code: auth.code, message: auth.message };

  const parsed = parseJsonLossless(req.rawBody);
  if (!parsed.ok) return { kind: "rejected", code: parsed.code, message: parsed.message };

  const receivedAt = deps.clock.now().toISOString();
  const normalized = source.normalize({ shop: auth.shop, deliveryId: auth.deliveryId, topic: auth.topic, body: parsed.value, req, receivedAt });
  if (!normalized.ok) return { kind: "rejected", code: normalized.code, message: normalized.message };

  const event = normalized.event;
  const eventId = deps.ids();
  const result = await deps.append({
    eventId,
    receivedAt,
    event,
    raw: {
      id: eventId,
      shop: event.shop,
      source: event.source,
      topic: event.topic,
      receivedAt,
      headers: keptHeaders(req.headers),
      body: req.rawBody,
    },
  });
  if (result.status === "duplicate") return { kind: "duplicate", eventId: result.eventId };
  return { kind: "stored", eventId: result.eventId, ignored: event.payload.kind === "ignored" };
}
