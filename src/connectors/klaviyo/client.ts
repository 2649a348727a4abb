import type { Clock } from "../../core/clock.js";
import type { OutboxAction } from "../../core/outbox.js";
import type { Channel } from "../../flows/channel.js";
import { failure, type DeliveryResult } from "../../flows/delivery-result.js";
import { sendJson } from "../http/send-json.js";
import { reserveAll, TokenBucket } from "../../core/token-bucket.js";
import { buildEventBody, KlaviyoEventPayload } from "./event-body.js";
import { buildProfileImportBody, KlaviyoProfilePayload } from "./profile-body.js";

export const KLAVIYO_REVISION = "2026-07-15";
export const KLAVIYO_BASE_URL = "https://a.klaviyo.com";

/**
 * Klaviyo's published per-account limits (requests per second burst, per minute steady) for the
 * two endpoints Firebreak calls. Pacing below them keeps 429s for the rare surprise.
 */
export const KLAVIYO_RATE_LIMITS = {
  events: { burstPerSecond: 350, steadyPerMinute: 3500 },
  profileImport: { burstPerSecond: 75, steadyPerMinute: 700 },
} as const;

export type RateLimit = { burstPerSecond: number; steadyPerMinute: number };

function pacer(limit: RateLimit): (now: Date) => number {
  const buckets = [new TokenBucket(limit.burstPerSecond, limit.burstPerSecond), new TokenBucket(limit.steadyPerMinute, limit.steadyPerMinute / 60)];
  return (now) => reserveAll(buckets, now);
}

export interface KlaviyoOptions {
  apiKey: string; // a private key ("pk_…") with events:write and profiles:write
  baseUrl?: string;
  revision?: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock; // reads Retry-After dates
  /** Overrides KLAVIYO_RATE_LIMITS (a lower plan, or a test). */
  rateLimits?: { events?: RateLimit; profileImport?: RateLimit };
}

export interface KlaviyoChannels {
  event: Channel; // "klaviyo.event" → POST /api/events (202)
  profile: Channel; // "klaviyo.profile" → POST /api/profile-import (200 updated, 201 created)
}

export function createKlaviyoChannels(opts: KlaviyoOptions): KlaviyoChannels {
  const base = (opts.baseUrl ?? KLAVIYO_BASE_URL).replace(/\/+$/, "");
  const headers = {
    authorization: `Klaviyo-API-Key ${opts.apiKey}`,
    revision: opts.revision ?? KLAVIYO_REVISION,
    accept: "application/vnd.api+json",
    "content-type": "application/vnd.api+json",
  };
  const post = (path: string, body: unknown, signal: AbortSignal): Promise<DeliveryResult> =>
    sendJson({
      url: `${base}${path}`,
      label: `klaviyo POST ${path}`,
      headers,
      body,
      timeoutMs: opts.timeoutMs,
      signal,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
    });

  const event: Channel = {
    name: "klaviyo.event",
    reserve: pacer(opts.rateLimits?.events ?? KLAVIYO_RATE_LIMITS.events),
    async send(action, ctx) {
      const parsed = KlaviyoEventPayload.safeParse(action.payload);
      if (!parsed.success) return invalidPayload(action, parsed.error.issues);
      // Klaviyo records only the first event per (profile, metric, unique_id): falling back to the
      // action's idempotency key makes a resend after a crash or a lost 202 harmless.
      const body = buildEventBody({ ...parsed.data, uniqueId: parsed.data.uniqueId ?? action.idempotencyKey });
      return post("/api/events", body, ctx.signal);
    },
  };

  const profile: Channel = {
    name: "klaviyo.profile",
    reserve: pacer(opts.rateLimits?.profileImport ?? KLAVIYO_RATE_LIMITS.profileImport),
    async send(action, ctx) {
      const parsed = KlaviyoProfilePayload.safeParse(action.payload);
      if (!parsed.success) return invalidPayload(action, parsed.error.issues);
      // An upsert of the same values is idempotent by nature; no key is needed on the wire.
      return post("/api/profile-import", buildProfileImportBody(parsed.data), ctx.signal);
    },
  };

  return { event, profile };
}

function invalidPayload(action: OutboxAction, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): DeliveryResult {
  const what = issues.map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`).join("; ");
  return failure("PAYLOAD_INVALID", `${action.channel} action ${action.idempotencyKey} has an invalid payload: ${what}`, {
    retryable: false,
  });
}
