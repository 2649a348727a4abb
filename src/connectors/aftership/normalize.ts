import { z } from "zod";
import type { NewEvent } from "../../core/event.js";
import type { Checkpoint } from "../../core/normalized.js";
import { ShipmentTag, subtagMessage } from "../../core/shipment-status.js";
import { epochSecondsToIso, firstIso, toUtcIso } from "../shared/time.js";
import { describeZodError } from "../shared/zod-issue.js";

export type AfterShipNormalizeResult = { ok: true; event: NewEvent } | { ok: false; code: "PAYLOAD_INVALID"; message: string };

const Text = z.string().nullish();

/** AfterShip sends estimates either as a date string or as `{ estimated_delivery_date, … }`. */
const Estimate = z.union([z.string(), z.object({ estimated_delivery_date: Text })]).nullish();

const AfterShipCheckpoint = z.object({
  checkpoint_time: z.string(),
  tag: ShipmentTag,
  subtag: Text,
  subtag_message: Text,
  message: Text,
  location: Text,
  city: Text,
  state: Text,
  country_name: Text,
  country_iso3: Text,
});

export const AfterShipTracking = z.object({
  tracking_number: z.string().min(1),
  slug: Text,
  tag: ShipmentTag,
  subtag: Text,
  subtag_message: Text,
  updated_at: Text,
  expected_delivery: Text,
  courier_estimated_delivery_date: Estimate,
  aftership_estimated_delivery_date: Estimate,
  order_id: Text,
  checkpoints: z.array(AfterShipCheckpoint).nullish(),
});

const AfterShipEnvelope = z.object({
  event: z.string(),
  event_id: z.string().min(1),
  ts: z.number().nullish(),
  msg: z.unknown(),
});

function invalid(message: string): AfterShipNormalizeResult {
  return { ok: false, code: "PAYLOAD_INVALID", message };
}

function estimateDate(e: z.infer<typeof Estimate>): string | null {
  if (e == null) return null;
  return toUtcIso(typeof e === "string" ? e : e.estimated_delivery_date);
}

function toCheckpoint(c: z.infer<typeof AfterShipCheckpoint>): Checkpoint | null {
  const at = toUtcIso(c.checkpoint_time);
  if (at === null) return null;
  const location = c.location || [c.city, c.state, c.country_name ?? c.country_iso3].filter((p): p is string => typeof p === "string" && p.length > 0).join(", ");
  return { at, tag: c.tag, subtag: c.subtag ?? null, message: c.message ?? c.subtag_message ?? null, location: location || null };
}

/**
 * An AfterShip webhook: `{event: "tracking_update", event_id, is_tracking_first_tag, msg, ts}`.
 * AfterShip already speaks the shared vocabulary, so tag and subtag come straight through. Other
 * events are stored as `ignored`.
 */
export function normalizeAfterShip(input: { shop: string; body: unknown }): AfterShipNormalizeResult {
  const envelope = AfterShipEnvelope.safeParse(input.body);
  if (!envelope.success) return invalid(describeZodError("aftership webhook", envelope.error));
  const env = envelope.data;
  const tsIso = typeof env.ts === "number" ? epochSecondsToIso(env.ts) : null;
  const base = { shop: input.shop, source: "aftership" as const, topic: env.event, deliveryId: env.event_id };

  if (env.event !== "tracking_update") {
    if (tsIso === null) return invalid("aftership webhook: ts: absent or not a number of seconds");
    return { ok: true, event: { ...base, occurredAt: tsIso, orderKey: null, trackingKey: null, payload: { kind: "ignored", topic: env.event } } };
  }

  const tracking = AfterShipTracking.safeParse(env.msg);
  if (!tracking.success) return invalid(describeZodError("aftership webhook: msg", tracking.error));
  const t = tracking.data;
  const occurredAt = firstIso(t.updated_at, tsIso);
  if (occurredAt === null) return invalid("aftership webhook: msg.updated_at: absent or not a valid timestamp, and no ts");
  const subtag = t.subtag ?? null;
  // The carrier's own estimate first, AfterShip's prediction last.
  const estimatedDeliveryAt = toUtcIso(t.expected_delivery) ?? estimateDate(t.courier_estimated_delivery_date) ?? estimateDate(t.aftership_estimated_delivery_date);

  return {
    ok: true,
    event: {
      ...base,
      occurredAt,
      orderKey: null,
      trackingKey: t.tracking_number,
      payload: {
        kind: "tracking.updated",
        provider: "aftership",
        carrier: t.slug ?? null,
        trackingNumber: t.tracking_number,
        tag: t.tag,
        subtag,
        subtagMessage: t.subtag_message ?? subtagMessage(subtag),
        estimatedDeliveryAt,
        checkpoints: (t.checkpoints ?? []).map(toCheckpoint).filter((c): c is Checkpoint => c !== null),
        updatedAt: occurredAt,
        orderRef: t.order_id || null,
      },
    },
  };
}
