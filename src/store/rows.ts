import type { Selectable } from "kysely";
import type { EventSource, ProjectionBatch, RawBody, StoredEvent } from "../core/event.js";
import type { NormalizedPayload } from "../core/normalized.js";
import type { Journey } from "../core/journey.js";
import type { ActionOutcome, OutboxAction, OutboxStatus } from "../core/outbox.js";
import type { Decision, Hold, Timer } from "../core/decision.js";
import type { FlowRun } from "../flows/engine/run.js";
import { runOutcomeOf } from "../flows/engine/run-outcome.js";
import { journeyDigestOf, type JourneyDigest } from "../core/journey-digest.js";
import { customerKeyOf } from "../core/customer-key.js";
import type { Database } from "./schema.js";

/**
 * Row ↔ domain mapping, in one place. JSON columns were written by this store from validated
 * domain objects, so they are read back without re-validation (the hot path of replay).
 */

type Row<T extends keyof Database> = Selectable<Database[T]>;

export function eventFromRow(row: Row<"events">): StoredEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    shop: row.shop,
    source: row.source as EventSource,
    topic: row.topic,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    deliveryId: row.delivery_id,
    orderKey: row.order_key,
    trackingKey: row.tracking_key,
    payload: JSON.parse(row.payload) as NormalizedPayload,
    rawBodyId: row.raw_body_id,
    projectedIn: projectedInOf(row.projected_batch, row.projected_through),
  };
}

/**
 * The step that folded an event, from its two columns (bigint may come back as text); undefined
 * when not kept. Always set, even to undefined: every event read has one shape.
 */
export function projectedInOf(batch: number | string | bigint | null, through: number | string | bigint | null): ProjectionBatch | undefined {
  return batch === null || through === null ? undefined : { batch: Number(batch), through: Number(through) };
}

export function rawBodyFromRow(row: Row<"raw_bodies">): RawBody {
  return {
    id: row.id,
    shop: row.shop,
    source: row.source as EventSource,
    topic: row.topic,
    receivedAt: row.received_at,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body as Uint8Array),
  };
}

export function journeyToRow(journey: Journey): Row<"journeys"> {
  return {
    shop: journey.shop,
    order_id: journey.orderId,
    customer_key: customerKeyOf(journey),
    email: journey.email,
    created_at: journey.createdAt,
    as_of: journey.asOf,
    data: JSON.stringify(journey),
    digest: JSON.stringify(storedDigest(journeyDigestOf(journey))),
  };
}

export function journeyFromRow(row: Pick<Row<"journeys">, "data">): Journey {
  return JSON.parse(row.data) as Journey;
}

/** The digest column holds what the row's other columns do not. */
type StoredDigest = Omit<JourneyDigest, "shop" | "orderId">;
const storedDigest = ({ name, shipmentTags, signals }: JourneyDigest): StoredDigest => ({ name, shipmentTags, signals });

/** A row's digest: its column, or worked out from the journey's JSON on a row written before 0012. */
export function journeyDigestFromRow(row: { shop: string; order_id: string; digest: string | null; data: string | null }): JourneyDigest {
  if (row.digest !== null) return { shop: row.shop, orderId: row.order_id, ...(JSON.parse(row.digest) as StoredDigest) };
  return journeyDigestOf(JSON.parse(row.data!) as Journey);
}

export function decisionToRow(decision: Decision): Row<"decisions"> {
  return {
    id: decision.id,
    shop: decision.shop,
    order_id: decision.orderId,
    rule: decision.rule,
    decided_at: decision.decidedAt,
    data: JSON.stringify(decision),
  };
}

export function decisionFromRow(row: Pick<Row<"decisions">, "data">): Decision {
  return JSON.parse(row.data) as Decision;
}

/** A run's columns that queries read, and its outcome; its JSON and definition are the flow definitions' part (flow-definitions.ts). */
export function runColumns(run: FlowRun): Omit<Row<"flow_runs">, "data" | "flow_hash"> {
  return {
    id: run.id,
    shop: run.shop,
    flow_id: run.flowId,
    flow_version: run.flowVersion,
    order_id: run.orderId,
    status: run.status,
    wait_event: run.wait?.event ?? null,
    trigger_key: run.trigger.key,
    limit_key: run.limitKey ?? null,
    started_at: run.startedAt,
    updated_at: run.updatedAt,
    outcome: JSON.stringify(runOutcomeOf(run)),
  };
}

export function holdFromRow(row: Row<"holds">): Hold {
  return {
    shop: row.shop,
    customerKey: row.customer_key,
    orderId: row.order_id,
    shipmentKey: row.shipment_key,
    reason: row.reason,
    placedAt: row.placed_at,
    releasedAt: row.released_at,
    releaseReason: row.release_reason,
  };
}

export function timerFromRow(row: Row<"timers">): Timer {
  return { shop: row.shop, orderId: row.order_id, name: row.name, dueAt: row.due_at };
}

/** The columns of an `ActionOutcome` (what a replay reads of reality's outbox). */
export const ACTION_OUTCOME_COLUMNS = ["id", "shop", "idempotency_key", "channel", "order_id", "decision_id", "payload", "created_at"] as const;

export function actionOutcomeFromRow(row: Pick<Row<"outbox">, (typeof ACTION_OUTCOME_COLUMNS)[number]>): ActionOutcome {
  return {
    id: row.id,
    shop: row.shop,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    orderId: row.order_id,
    decisionId: row.decision_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

export function outboxFromRow(row: Row<"outbox">): OutboxAction {
  return {
    ...actionOutcomeFromRow(row),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until,
    deliveredAt: row.delivered_at,
    updatedAt: row.updated_at,
  };
}
