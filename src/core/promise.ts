import { z } from "zod";

/**
 * A delivery date the customer was told, and by which message. The ledger is what the shop
 * promised, not what it computed: an estimate that never reached the customer is not a promise.
 */
export const DeliveryPromise = z.object({
  shop: z.string(),
  orderId: z.string(),
  shipmentKey: z.string().nullable(), // null for order-level promises (order confirmation)
  promisedBy: z.iso.datetime({ offset: true }),
  metric: z.string(), // the message that told it: "Order Confirmed", "Order Shipped", "Order Delayed"
  toldAt: z.string(), // when the message went out
  sourceKey: z.string(), // the outbox idempotency key of that message: one promise per message
});
export type DeliveryPromise = z.infer<typeof DeliveryPromise>;

export const PromiseOutcome = z.enum(["kept", "missed", "open", "superseded"]);
export type PromiseOutcome = z.infer<typeof PromiseOutcome>;

export interface PromiseReality {
  shipmentKey: string;
  deliveredAt: string | null;
}

export interface JudgedPromise extends DeliveryPromise {
  outcome: PromiseOutcome;
  explanation: string;
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * What became of each promise: kept (delivered by then), missed (delivered later, or still not
 * delivered once it passed), open (not yet due), superseded (a later message told a new date for
 * the same parcel before this one came due). An order-level promise is judged by the order's last
 * delivery. Pure: same ledger, reality and time, same answer.
 */
export function judgePromises(promises: readonly DeliveryPromise[], shipments: readonly PromiseReality[], now: Date): JudgedPromise[] {
  const sorted = [...promises].sort((a, b) => ms(a.toldAt) - ms(b.toldAt));
  return sorted.map((p, i) => {
    const later = sorted.slice(i + 1).find((q) => (q.shipmentKey === p.shipmentKey || p.shipmentKey === null) && ms(q.toldAt) < ms(p.promisedBy));
    const delivered = deliveredAtFor(p, shipments);
    if (delivered !== null) {
      const kept = ms(delivered) <= ms(p.promisedBy);
      return { ...p, outcome: kept ? "kept" : "missed", explanation: `delivered ${delivered}, ${kept ? "by" : "after"} the promised ${p.promisedBy}` };
    }
    if (later) return { ...p, outcome: "superseded", explanation: `"${later.metric}" told ${later.promisedBy} at ${later.toldAt}, before this date came due` };
    if (now.getTime() > ms(p.promisedBy)) return { ...p, outcome: "missed", explanation: `not delivered and ${p.promisedBy} has passed` };
    return { ...p, outcome: "open", explanation: `not delivered yet; due by ${p.promisedBy}` };
  });
}

function deliveredAtFor(p: DeliveryPromise, shipments: readonly PromiseReality[]): string | null {
  const relevant = p.shipmentKey === null ? shipments : shipments.filter((s) => s.shipmentKey === p.shipmentKey);
  if (relevant.length === 0 || relevant.some((s) => s.deliveredAt === null)) return null;
  return relevant.map((s) => s.deliveredAt as string).sort((a, b) => ms(b) - ms(a))[0] as string;
}

/** The latest date the customer was told for a shipment (or the order), or null if never told. */
export function latestPromiseFor(promises: readonly DeliveryPromise[], shipmentKey: string | null): string | null {
  const dates = promises.filter((p) => p.shipmentKey === shipmentKey || p.shipmentKey === null).map((p) => p.promisedBy);
  return dates.sort((a, b) => ms(b) - ms(a))[0] ?? null;
}
