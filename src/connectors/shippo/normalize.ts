import { createHash } from "node:crypto";
import { z } from "zod";
import type { NewEvent } from "../../core/event.js";
import type { Checkpoint } from "../../core/normalized.js";
import { gidToId } from "../../core/lossless-json.js";
import { subtagMessage } from "../../core/shipment-status.js";
import { firstIso, toUtcIso } from "../shared/time.js";
import { describeZodError } from "../shared/zod-issue.js";
import { mapShippoStatus } from "./status-map.js";

export type ShippoNormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

const Text = z.string().nullish();

const Location = z.object({ city: Text, state: Text, zip: Text, country: Text }).nullish();

const TrackingStatus = z.object({
  object_id: Text,
  object_updated: Text,
  status: Text,
  status_details: Text,
  status_date: Text,
  substatus: z.object({ code: Text, text: Text }).nullish(),
  location: Location,
});

export const ShippoTrack = z.object({
  carrier: Text,
  tracking_number: z.string().min(1),
  eta: Text,
  metadata: Text,
  tracking_status: TrackingStatus.nullish(),
  tracking_history: z.array(TrackingStatus).nullish(),
});

const ShippoEnvelope = z.object({ event: z.string(), test: z.boolean().nullish(), data: z.unknown() });

function invalid(message: string): ShippoNormalizeResult {
  return { ok: false, code: "PAYLOAD_INVALID", message };
}

/**
 * Shippo sends no delivery id. This one is derived from what identifies a tracking state (the
 * number, the status object, its date), so a resend of the same update dedupes and a new scan does not.
 */
export function shippoDeliveryId(trackingNumber: string, statusObjectId: string | null | undefined, statusDate: string | null | undefined): string {
  const digest = createHash("sha256")
    .update(trackingNumber)
    .update("\0")
    .update(statusObjectId ?? "")
    .update("\0")
    .update(statusDate ?? "")
    .digest("hex");
  return `shippo:${digest}`;
}

/**
 * `metadata` is free text the merchant set on the label ("Order #1001", a Shopify order id, or
 * anything). It becomes an order reference only when it plainly is one; otherwise null.
 */
export function orderRefFromMetadata(metadata: string | null | undefined): string | null {
  if (!metadata) return null;
  const text = metadata.trim();
  const gid = gidToId(text);
  if (gid !== null) return gid;
  if (/^\d{1,20}$/.test(text)) return text;
  const name = /^(?:order\s*[:#-]?\s*#?|#)\s*(\d{1,20})$/i.exec(text);
  return name?.[1] ? `#${name[1]}` : null;
}

function toCheckpoint(s: z.infer<typeof TrackingStatus>): Checkpoint | null {
  const at = toUtcIso(s.status_date);
  if (at === null) return null;
  const { tag, subtag } = mapShippoStatus(s.status, s.substatus?.code);
  const loc = s.location;
  const location = loc ? [loc.city, loc.state, loc.zip, loc.country].filter((p): p is string => typeof p === "string" && p.length > 0).join(", ") : "";
  return { at, tag, subtag, message: s.status_details || s.substatus?.text || null, location: location || null };
}

/**
 * A Shippo webhook: `{event: "track_updated", test, data: <track>}`. Other events are stored as
 * `ignored`. A track with `tracking_status: null` (not yet known to the carrier) is Pending, and
 * only `receivedAt` can date it.
 */
export function normalizeShippo(input: { shop: string; body: unknown; receivedAt?: string }): ShippoNormalizeResult {
  const envelope = ShippoEnvelope.safeParse(input.body);
  if (!envelope.success) return invalid(describeZodError("shippo webhook", envelope.error));
  const env = envelope.data;
  const track = ShippoTrack.safeParse(env.data);
  if (env.event === "track_updated" && !track.success) return invalid(describeZodError("shippo webhook: data", track.error));
  const t = env.event === "track_updated" && track.success ? track.data : null;

  if (t === null) {
    // Non-tracking events carry no stable id of their own: hash the whole data object.
    const occurredAt = firstIso(input.receivedAt);
    if (occurredAt === null) return invalid(`shippo webhook: ${env.event} carries no timestamp and no receivedAt was given`);
    const deliveryId = `shippo:${createHash("sha256").update(env.event).update("\0").update(JSON.stringify(env.data ?? null)).digest("hex")}`;
    return { ok: true, event: { shop: input.shop, source: "shippo", topic: env.event, occurredAt, deliveryId, orderKey: null, trackingKey: null, payload: { kind: "ignored", topic: env.event } } };
  }

  const s = t.tracking_status ?? null;
  const occurredAt = firstIso(s?.object_updated, s?.status_date, input.receivedAt);
  if (occurredAt === null) return invalid("shippo webhook: data.tracking_status.status_date: absent, and no receivedAt was given");
  const { tag, subtag } = mapShippoStatus(s?.status, s?.substatus?.code);
  const checkpoints = (t.tracking_history ?? []).map(toCheckpoint).filter((c): c is Checkpoint => c !== null);

  return {
    ok: true,
    event: {
      shop: input.shop,
      source: "shippo",
      topic: env.event,
      occurredAt,
      deliveryId: shippoDeliveryId(t.tracking_number, s?.object_id, s?.status_date),
      orderKey: null,
      trackingKey: t.tracking_number,
      payload: {
        kind: "tracking.updated",
        provider: "shippo",
        carrier: t.carrier ?? null,
        trackingNumber: t.tracking_number,
        tag,
        subtag,
        subtagMessage: subtagMessage(subtag),
        estimatedDeliveryAt: toUtcIso(t.eta),
        checkpoints,
        updatedAt: occurredAt,
        orderRef: orderRefFromMetadata(t.metadata),
      },
    },
  };
}
