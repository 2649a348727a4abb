import type { StoredEvent } from "../../core/event.js";
import type { Journey, Signal } from "../../core/journey.js";
import type { RunTrigger } from "./run.js";
import { snakeKeys } from "./snake.js";

/** Trigger types derived from the journey rather than read from the log. */
export const DERIVED_TRIGGER_TYPES = ["signal.raised", "signal.cleared", "shipment.status_changed"] as const;

/** Every trigger type a flow may name: the normalized event kinds plus the derived ones. */
export const TRIGGER_TYPES: readonly string[] = [
  "order.upserted",
  "order.edited",
  "fulfillment.upserted",
  "fulfillment.event",
  "tracking.updated",
  "refund.created",
  "return.updated",
  "inventory_level.updated",
  "inventory_item.updated",
  "product.upserted",
  "customer.upserted",
  "dispute.created",
  "fulfillment_hold.added",
  "timer.fired",
  "ticket.upserted",
  "ticket.message_added",
  "ticket.triaged",
  ...DERIVED_TRIGGER_TYPES,
];

/** The facts an event contributes to a flow's context as `event`. */
export function eventFacts(e: StoredEvent): Record<string, unknown> {
  return { type: e.payload.kind, id: e.id, source: e.source, topic: e.topic, occurred_at: e.occurredAt, ...snakeKeys(e.payload) };
}

function eventShipmentKey(e: StoredEvent): string | null {
  const p = e.payload;
  if (p.kind === "tracking.updated") return p.trackingNumber;
  if (p.kind === "fulfillment.upserted") return p.trackingNumbers[0] ?? `fulfillment:${p.fulfillmentId}`;
  return null;
}

const signalKey = (s: Signal) => `${s.name}:${s.shipmentKey ?? "order"}:${s.since}${s.name === "edd_revised" ? `:${String(s.facts.current ?? "")}` : ""}`;

/**
 * The triggers one projection step produces for an order: each stored event, each signal that
 * rose or cleared, each shipment whose status tag changed. Keys name the fact, not the arrival,
 * so a rebuild or a replay derives the same keys and a flow never runs twice for one fact.
 * Types nothing listens to (`wanted`, see listened.ts) are not built.
 */
export function deriveTriggers(events: StoredEvent[], before: Journey | null, after: Journey, raised: Signal[], cleared: Signal[], wanted: (type: string) => boolean = () => true): RunTrigger[] {
  const last = events.reduce<StoredEvent | null>((a, b) => (!a || b.seq > a.seq ? b : a), null);
  const at = after.asOf;
  const out: RunTrigger[] = [];
  for (const e of events) {
    if (wanted(e.payload.kind)) out.push({ type: e.payload.kind, key: `event:${e.source}:${e.deliveryId}`, eventId: e.id, occurredAt: e.occurredAt, shipmentKey: eventShipmentKey(e), facts: { event: eventFacts(e) } });
  }
  if (!wanted("signal.raised")) raised = [];
  if (!wanted("signal.cleared")) cleared = [];
  const cause = last?.id ?? "";
  for (const s of raised) out.push({ type: "signal.raised", key: `signal.raised:${signalKey(s)}`, eventId: cause, occurredAt: at, shipmentKey: s.shipmentKey, facts: { signal: snakeKeys(s), event: { type: "signal.raised", occurred_at: at } } });
  // Scans and fulfillments can arrive before their order: a signal raised then was judged without
  // the customer, the total or the e-mail. When the order becomes known, the signals still up are
  // announced again (a key of their own), so flows judge them with the facts a person would have.
  if (before !== null && before.createdAt === null && after.createdAt !== null && wanted("signal.raised")) {
    const fresh = new Set(raised.map(signalKey));
    for (const s of after.signals) {
      if (fresh.has(signalKey(s))) continue;
      out.push({ type: "signal.raised", key: `signal.raised:${signalKey(s)}:order-known`, eventId: cause, occurredAt: at, shipmentKey: s.shipmentKey, facts: { signal: snakeKeys(s), event: { type: "signal.raised", occurred_at: at, order_known: true } } });
    }
  }
  for (const s of cleared) out.push({ type: "signal.cleared", key: `signal.cleared:${signalKey(s)}:${at}`, eventId: cause, occurredAt: at, shipmentKey: s.shipmentKey, facts: { signal: snakeKeys(s), event: { type: "signal.cleared", occurred_at: at } } });
  for (const sh of wanted("shipment.status_changed") ? after.shipments : []) {
    const prev = before?.shipments.find((p) => p.key === sh.key);
    if (prev?.tag === sh.tag) continue;
    out.push({
      type: "shipment.status_changed",
      key: `shipment.status_changed:${sh.key}:${sh.tag}:${sh.lastScanAt ?? sh.updatedAt}`,
      eventId: cause,
      occurredAt: at,
      shipmentKey: sh.key,
      facts: { previous_tag: prev?.tag ?? null, event: { type: "shipment.status_changed", occurred_at: at, previous_tag: prev?.tag ?? null, tag: sh.tag } },
    });
  }
  return out;
}
