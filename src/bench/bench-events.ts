/**
 * The benchmarks' simulated shop as an event log: the demo's orders, fulfillments, EasyPost and
 * AfterShip scans, normalized as the ingest pipeline would (no HTTP), in arrival order. Shared by
 * the replay benchmark, the fold benchmark and the fold's fuzz test, so all three see one history.
 */
import { DAY } from "../core/clock.js";
import type { StoredEvent } from "../core/event.js";
import { parseJsonLossless } from "../core/lossless-json.js";
import { seededRandom } from "../core/random.js";
import { simOrder, type Step } from "../demo/scenario.js";
import { aftershipWebhookBody, easypostEventBody, shopifyFulfillmentBody, shopifyOrderBody } from "../demo/payloads.js";
import { normalizeShopify } from "../connectors/shopify/normalize/index.js";
import { normalizeEasyPost } from "../connectors/easypost/normalize.js";
import { normalizeAfterShip } from "../connectors/aftership/normalize.js";

export const BENCH_SHOP = "bench-shop.myshopify.com";
const START = Date.parse("2026-09-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

type NewEventLike = Omit<StoredEvent, "id" | "seq" | "receivedAt" | "rawBodyId">;

/** One simulated webhook, normalized exactly as the ingest pipeline would. */
function normalized(order: ReturnType<typeof simOrder>, step: Step): NewEventLike {
  const body = (text: string) => {
    const parsed = parseJsonLossless(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  const check = <T extends { ok: boolean }>(r: T): T & { ok: true } => {
    if (!r.ok) throw new Error(`normalize: ${JSON.stringify(r)}`);
    return r as T & { ok: true };
  };
  if (step.kind === "order" || step.kind === "fulfillment") {
    const topic = step.kind === "order" ? "orders/create" : "fulfillments/create";
    const text = step.kind === "order" ? shopifyOrderBody(order, step.at, BENCH_SHOP) : shopifyFulfillmentBody(order, step.at);
    return check(normalizeShopify({ shop: BENCH_SHOP, topic, deliveryId: `${order.orderId}-${topic}-${step.at}`, triggeredAt: iso(step.at), body: body(text) })).event;
  }
  const scans = order.steps.filter((s): s is Extract<Step, { kind: "scan" }> => s.kind === "scan" && s.at <= step.at);
  const eventId = `evt_${order.trackingNumber}_${step.at}`;
  if (order.provider === "aftership") return check(normalizeAfterShip({ shop: BENCH_SHOP, body: body(aftershipWebhookBody(order, scans, eventId, order.carrier.toLowerCase())) })).event;
  return check(normalizeEasyPost({ shop: BENCH_SHOP, body: body(easypostEventBody(order, scans, eventId)) })).event;
}

/** The first N events of the simulated shop's life, in arrival order (each arrives when it happens). */
export function benchEvents(n: number): StoredEvent[] {
  const r = seededRandom(42);
  const pending: Array<{ at: number; event: NewEventLike }> = [];
  let placedAt = START;
  // Orders come in time order; an event is certain to be among the first N once no later order can precede it.
  for (let i = 0; pending.filter((p) => p.at < placedAt).length < n; i++) {
    const order = simOrder(i, placedAt, r);
    for (const step of order.steps) pending.push({ at: step.at, event: normalized(order, step) });
    placedAt += -Math.log(1 - r()) * (DAY / 120);
  }
  return pending
    .filter((p) => p.at < placedAt)
    .sort((a, b) => a.at - b.at)
    .slice(0, n)
    .map((p, i) => ({ ...p.event, id: `bench-${String(i).padStart(6, "0")}`, seq: i + 1, receivedAt: iso(p.at), rawBodyId: null }));
}

/** An order's events in arrival order, scans included once a fulfillment has named their tracking number. */
export function eventsByOrder(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const orderOf = new Map<string, string>();
  const byOrder = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.payload.kind === "fulfillment.upserted") for (const t of e.payload.trackingNumbers) orderOf.set(t, e.payload.orderId);
    const orderId = e.orderKey ?? (e.trackingKey ? orderOf.get(e.trackingKey) : undefined);
    if (!orderId) continue;
    const list = byOrder.get(orderId);
    if (list) list.push(e);
    else byOrder.set(orderId, [e]);
  }
  return byOrder;
}
