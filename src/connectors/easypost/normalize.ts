import { z } from "zod";
import type { NewEvent } from "../../core/event.js";
import type { Checkpoint } from "../../core/normalized.js";
import { subtagMessage } from "../../core/shipment-status.js";
import { firstIso, toUtcIso } from "../shared/time.js";
import { describeZodError } from "../shared/zod-issue.js";
import { mapEasyPostStatus } from "./status-map.js";

export type EasyPostNormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

const Text = z.string().nullish();

const TrackingLocation = z.object({ city: Text, state: Text, country: Text, zip: Text }).nullish();

const TrackingDetail = z.object({
  message: Text,
  description: Text,
  status: Text,
  status_detail: Text,
  datetime: z.string(),
  tracking_location: TrackingLocation,
});

export const EasyPostTracker = z.object({
  object: z.literal("Tracker").optional(),
  tracking_code: z.string().min(1),
  status: Text,
  status_detail: Text,
  carrier: Text,
  est_delivery_date: Text,
  updated_at: Text,
  tracking_details: z.array(TrackingDetail).nullish(),
});

const EasyPostEvent = z.object({
  id: z.string().min(1),
  description: z.string(),
  updated_at: Text,
  created_at: Text,
  result: z.unknown(),
});

const TRACKER_EVENTS = new Set(["tracker.updated", "tracker.created"]);

function invalid(message: string): EasyPostNormalizeResult {
  return { ok: false, code: "PAYLOAD_INVALID", message };
}

function toCheckpoint(d: z.infer<typeof TrackingDetail>): Checkpoint | null {
  const at = toUtcIso(d.datetime);
  if (at === null) return null;
  const { tag, subtag } = mapEasyPostStatus(d.status, d.status_detail);
  const loc = d.tracking_location;
  const location = loc ? [loc.city, loc.state, loc.zip, loc.country].filter((p): p is string => typeof p === "string" && p.length > 0).join(", ") : "";
  return { at, tag, subtag, message: d.message || d.description || null, location: location || null };
}

/**
 * An EasyPost webhook Event. `tracker.updated` / `tracker.created` become `tracking.updated`;
 * other events (batch.*, refund.*, …) are stored as `ignored`. The event `id` is the delivery id:
 * EasyPost resends the same Event object on retry.
 */
export function normalizeEasyPost(input: { shop: string; body: unknown }): EasyPostNormalizeResult {
  const envelope = EasyPostEvent.safeParse(input.body);
  if (!envelope.success) return invalid(describeZodError("easypost event", envelope.error));
  const e = envelope.data;
  const base = { shop: input.shop, source: "easypost" as const, topic: e.description, deliveryId: e.id };

  if (!TRACKER_EVENTS.has(e.description)) {
    const occurredAt = firstIso(e.updated_at, e.created_at);
    if (occurredAt === null) return invalid("easypost event: updated_at: absent or not a valid timestamp");
    return { ok: true, event: { ...base, occurredAt, orderKey: null, trackingKey: null, payload: { kind: "ignored", topic: e.description } } };
  }

  const tracker = EasyPostTracker.safeParse(e.result);
  if (!tracker.success) return invalid(describeZodError("easypost event: result", tracker.error));
  const t = tracker.data;
  const occurredAt = firstIso(t.updated_at, e.updated_at, e.created_at);
  if (occurredAt === null) return invalid("easypost event: result.updated_at: absent or not a valid timestamp");
  const { tag, subtag } = mapEasyPostStatus(t.status, t.status_detail);
  const checkpoints = (t.tracking_details ?? []).map(toCheckpoint).filter((c): c is Checkpoint => c !== null);

  return {
    ok: true,
    event: {
      ...base,
      occurredAt,
      orderKey: null,
      trackingKey: t.tracking_code,
      payload: {
        kind: "tracking.updated",
        provider: "easypost",
        carrier: t.carrier ?? null,
        trackingNumber: t.tracking_code,
        tag,
        subtag,
        subtagMessage: subtagMessage(subtag),
        estimatedDeliveryAt: toUtcIso(t.est_delivery_date),
        checkpoints,
        updatedAt: occurredAt,
        orderRef: null,
      },
    },
  };
}
