import { z } from "zod";
import { NormalizedPayload } from "./normalized.js";

export const EventSource = z.enum(["shopify", "easypost", "aftership", "shippo", "clock", "gorgias", "zendesk", "triage"]);
export type EventSource = z.infer<typeof EventSource>;

/**
 * What a connector's normalizer produces from one verified delivery, before it is stored.
 * `occurredAt` is the source's own time (updated_at / happened_at / datetime), never arrival time:
 * projections order by it so that late deliveries do not move state backwards.
 */
export const NewEvent = z.object({
  shop: z.string(),
  source: EventSource,
  topic: z.string(), // vendor topic, e.g. "orders/updated", "tracker.updated", "tracking_update"
  occurredAt: z.string(),
  deliveryId: z.string(), // the source's delivery id: the dedupe key within (shop, source)
  orderKey: z.string().nullable(), // order id this event concerns, when known
  trackingKey: z.string().nullable(), // tracking number this event concerns, when known
  payload: NormalizedPayload,
});
export type NewEvent = z.infer<typeof NewEvent>;

/**
 * The live projection step that folded an event, so a replay can fold it the same way: `batch`
 * names the step (its greatest seq) and `through` is the greatest seq its folds read. A worker that
 * fell behind folds many arrivals in one step, and reads events that arrived after the step's own
 * (stored, not yet folded): a replay that folded each arrival alone would see what that step hid.
 */
export const ProjectionBatch = z.object({ batch: z.number().int(), through: z.number().int() });
export type ProjectionBatch = z.infer<typeof ProjectionBatch>;

/** An event as the log holds it. */
export const StoredEvent = NewEvent.extend({
  id: z.string(),
  seq: z.number().int(), // the log's own order of arrival
  receivedAt: z.string(),
  rawBodyId: z.string().nullable(),
  /** Absent until the worker has folded it with flows and rules on (and on events stored before this was kept). */
  projectedIn: ProjectionBatch.optional(),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** The bytes as they arrived, kept so that a changed normalizer can re-derive events. */
export interface RawBody {
  id: string;
  shop: string;
  source: EventSource;
  topic: string;
  receivedAt: string;
  headers: Record<string, string>; // signature headers stripped
  body: Buffer;
}

/**
 * Order of events inside a projection: by source time, then by a key that does not depend on
 * arrival (delivery id), so that any arrival order folds to the same state.
 */
export function compareEvents(a: Pick<StoredEvent, "occurredAt" | "source" | "deliveryId">, b: Pick<StoredEvent, "occurredAt" | "source" | "deliveryId">): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.deliveryId !== b.deliveryId) return a.deliveryId < b.deliveryId ? -1 : 1;
  return 0;
}
