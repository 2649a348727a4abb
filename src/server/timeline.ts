import type { StoredEvent } from "../core/event.js";
import { compareEvents } from "../core/event.js";
import type { Decision } from "../core/decision.js";
import type { OutboxAction } from "../core/outbox.js";

export interface TimelineEntry {
  at: string;
  type: "event" | "decision" | "action";
  summary: string;
  ref: string;
  detail?: unknown;
}

function describe(e: StoredEvent): string {
  const p = e.payload;
  switch (p.kind) {
    case "order.upserted": return `order ${p.name ?? p.orderId} ${e.topic}: financial ${p.financialStatus ?? "?"}, fulfillment ${p.fulfillmentStatus ?? "unfulfilled"}`;
    case "fulfillment.upserted": return `fulfillment ${p.name ?? p.fulfillmentId} (${p.carrier ?? "carrier ?"} ${p.trackingNumbers.join(", ")}) ${p.status ?? ""}`;
    case "fulfillment.event": return `Shopify fulfillment event: ${p.checkpoint.tag}${p.checkpoint.subtag ? ` (${p.checkpoint.subtag})` : ""} ${p.checkpoint.message ?? ""}`;
    case "tracking.updated": return `${p.provider} scan ${p.trackingNumber}: ${p.tag}${p.subtag ? ` (${p.subtag})` : ""}${p.subtagMessage ? ` ${p.subtagMessage}` : ""}`;
    case "timer.fired": return `timer ${p.timer} came due`;
    case "refund.created": return `refund ${p.amount} ${p.currency ?? ""}`;
    case "return.updated": return `return ${p.status} (${p.topic})`;
    case "dispute.created": return `dispute ${p.type}: ${p.reason ?? ""} ${p.amount} ${p.currency}`;
    default: return `${e.source} ${e.topic}`;
  }
}

/** One list, in source time, of what arrived, what was decided (with why) and what was sent. */
export function buildTimeline(events: StoredEvent[], decisions: Decision[], outbox: OutboxAction[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...[...events].sort(compareEvents).map((e) => ({ at: e.occurredAt, type: "event" as const, summary: describe(e), ref: e.id, detail: { source: e.source, topic: e.topic, received_at: e.receivedAt, delivery_id: e.deliveryId } })),
    ...decisions.map((d) => ({ at: d.decidedAt, type: "decision" as const, summary: `rule ${d.rule} v${d.ruleVersion} ${d.outcome}: ${d.reason}`, ref: d.id, detail: { comparisons: d.comparisons, trigger_event_id: d.triggerEventId, signal: d.signal, actions: d.actions } })),
    ...outbox.map((a) => ({ at: a.createdAt, type: "action" as const, summary: `${a.channel} ${a.status} after ${a.attempts} attempt(s)${a.lastError ? ` — last error: ${a.lastError}` : ""}`, ref: a.id, detail: { idempotency_key: a.idempotencyKey, delivered_at: a.deliveredAt } })),
  ];
  const rank = { event: 0, decision: 1, action: 2 } as const;
  return entries.sort((a, b) => (a.at === b.at ? rank[a.type] - rank[b.type] : a.at < b.at ? -1 : 1));
}
