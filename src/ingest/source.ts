import type { EventSource, NewEvent } from "../core/event.js";
import type { ErrorCode } from "../server/errors.js";

/** What the ingest pipeline sees of an HTTP request: headers, the raw bytes, query parameters. */
export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
}

export type Rejection = { ok: false; code: ErrorCode; message: string };

/** Who sent it: the shop the delivery belongs to and its dedupe id. */
export type Authenticated = { ok: true; shop: string; deliveryId: string | null; topic: string | null };

/**
 * A webhook source (Shopify, EasyPost, AfterShip, Shippo). Each connector provides one; the
 * pipeline knows none of them by name. Both steps are pure functions over the request.
 */
export interface WebhookSource {
  readonly id: EventSource;
  /** Verifies the signature (or token) on the raw bytes and resolves the shop. */
  authenticate(req: InboundRequest): Authenticated | Rejection;
  /** Turns the verified, lossless-parsed body into a normalized event. */
  normalize(input: { shop: string; deliveryId: string | null; topic: string | null; body: unknown; req: InboundRequest; receivedAt: string }): { ok: true; event: NewEvent } | Rejection;
}

/** One header value, whatever Node gave us (repeated headers arrive as arrays: take the first). */
export function header(req: InboundRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (Array.isArray(v)) return v[0];
  return v;
}
