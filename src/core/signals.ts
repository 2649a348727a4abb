import { addBusinessDays, businessDaysBetween, localDate } from "./business-days.js";
import { HOUR } from "./clock.js";
import { carrierEstimateDeadline } from "./expected-delivery.js";
import { instantMs } from "./instants.js";
import type { Journey, Shipment, Signal, SignalName } from "./journey.js";
import type { Checkpoint } from "./normalized.js";
import type { ShopSettings } from "./settings.js";
import { DELAY_SUBTAGS, Subtag, type ShipmentTag } from "./shipment-status.js";

/** A journey before its signals are computed. */
export type JourneyState = Omit<Journey, "signals">;

type Facts = Signal["facts"];

/**
 * A signal that silence raises: it becomes true at `dueAt` unless an event changes the journey
 * first. Signals and timers both read these, so a timer fires exactly when its signal turns true.
 */
export interface SilenceDeadline {
  name: Extract<SignalName, "fulfillment_stalled" | "pickup_stalled" | "transit_stalled" | "edd_missed">;
  shipmentKey: string | null;
  dueAt: string;
  explain(asOf: string): { detail: string; facts: Facts };
}

/** Orders whose fulfillment status says goods left even when no fulfillment event reached us. */
const SHIPPED_ORDER_STATUSES = new Set(["fulfilled", "partial", "partially_fulfilled", "restocked"]);
const AWAITING_PICKUP: ReadonlySet<ShipmentTag> = new Set(["Pending", "InfoReceived"]);
const MOVING: ReadonlySet<ShipmentTag> = new Set(["InTransit", "OutForDelivery"]);
/** Not delivered, but not late either: the parcel waits for the customer at a pickup point. */
const NOT_LATE: ReadonlySet<ShipmentTag> = new Set(["Delivered", "AvailableForPickup"]);

const ms = instantMs;

/** Every silence deadline of a journey: the instants at which stalled/missed signals turn true. */
export function silenceDeadlines(journey: JourneyState, settings: ShopSettings): SilenceDeadline[] {
  if (journey.cancelledAt !== null) return [];
  const deadlines: SilenceDeadline[] = [];
  const fulfillment = fulfillmentDeadline(journey, settings);
  if (fulfillment !== null) deadlines.push(fulfillment);
  for (const shipment of journey.shipments) deadlines.push(...shipmentDeadlines(shipment, settings));
  return deadlines;
}

function fulfillmentDeadline(journey: JourneyState, settings: ShopSettings): SilenceDeadline | null {
  const createdAt = journey.createdAt;
  if (createdAt === null || journey.shipments.length > 0) return null;
  if (journey.fulfillmentStatus !== null && SHIPPED_ORDER_STATUSES.has(journey.fulfillmentStatus.toLowerCase())) return null;
  const cal = settings.calendar;
  const threshold = settings.signals.fulfillmentStalledDays;
  return {
    name: "fulfillment_stalled",
    shipmentKey: null,
    dueAt: addBusinessDays(createdAt, threshold, cal),
    explain: (asOf) => {
      const elapsed = businessDaysBetween(createdAt, asOf, cal);
      return {
        detail: `order ${journey.name ?? journey.orderId} placed ${localDate(createdAt, cal)} has no shipment after ${elapsed} business days (threshold ${threshold})`,
        facts: { createdAt, businessDaysElapsed: elapsed, thresholdDays: threshold, fulfillmentStatus: journey.fulfillmentStatus },
      };
    },
  };
}

function shipmentDeadlines(s: Shipment, settings: ShopSettings): SilenceDeadline[] {
  const cal = settings.calendar;
  const deadlines: SilenceDeadline[] = [];
  const shippedAt = s.shippedAt;
  if (s.trackingNumber !== null && AWAITING_PICKUP.has(s.tag) && s.firstScanAt === null && shippedAt !== null) {
    const threshold = settings.signals.pickupStalledDays;
    deadlines.push({
      name: "pickup_stalled",
      shipmentKey: s.key,
      dueAt: addBusinessDays(shippedAt, threshold, cal),
      explain: (asOf) => {
        const elapsed = businessDaysBetween(shippedAt, asOf, cal);
        return {
          detail: `${label(s)}: label created ${localDate(shippedAt, cal)}, no carrier pickup scan after ${elapsed} business days (threshold ${threshold})`,
          facts: { shippedAt, tag: s.tag, businessDaysElapsed: elapsed, thresholdDays: threshold },
        };
      },
    });
  }
  const lastScanAt = s.lastScanAt;
  if (MOVING.has(s.tag) && s.deliveredAt === null && lastScanAt !== null) {
    const threshold = settings.signals.transitStalledDays;
    deadlines.push({
      name: "transit_stalled",
      shipmentKey: s.key,
      dueAt: addBusinessDays(lastScanAt, threshold, cal),
      explain: (asOf) => {
        const elapsed = businessDaysBetween(lastScanAt, asOf, cal);
        return {
          detail: `${label(s)}: ${s.tag}, no carrier scan since ${localDate(lastScanAt, cal)} (${elapsed} business days, threshold ${threshold})`,
          facts: { lastScanAt, tag: s.tag, businessDaysElapsed: elapsed, thresholdDays: threshold },
        };
      },
    });
  }
  const expected = s.expectedDelivery;
  // Without tracking nothing could ever tell us it arrived, so "late" would be a guess.
  const observable = s.trackingNumber !== null || s.checkpoints.length > 0;
  if (expected !== null && observable && !NOT_LATE.has(s.tag) && s.deliveredAt === null) {
    deadlines.push({
      name: "edd_missed",
      shipmentKey: s.key,
      dueAt: new Date(ms(expected) + 1).toISOString(),
      explain: () => ({
        detail: `${label(s)}: expected by end of ${localDate(expected, cal)} (${s.expectedDeliverySource ?? "unknown source"}), still ${s.tag}`,
        facts: { expectedDelivery: expected, source: s.expectedDeliverySource, tag: s.tag, lastScanAt: s.lastScanAt },
      }),
    });
  }
  return deadlines;
}

/**
 * The signals true at `asOf`: silence deadlines that have passed, and what the carrier reported
 * (revised estimates, declared delays, exceptions). Pure: same journey, settings and asOf, same list.
 */
export function computeSignals(journey: JourneyState, settings: ShopSettings, asOf: string, deadlines: readonly SilenceDeadline[] = silenceDeadlines(journey, settings)): Signal[] {
  const due = deadlines.filter((d) => ms(asOf) >= ms(d.dueAt));
  const signals: Signal[] = [];
  const fromDeadline = (d: SilenceDeadline): Signal => ({ name: d.name, shipmentKey: d.shipmentKey, since: d.dueAt, ...d.explain(asOf) });
  for (const d of due) if (d.shipmentKey === null) signals.push(fromDeadline(d));
  for (const s of journey.shipments) {
    for (const d of due) if (d.shipmentKey === s.key) signals.push(fromDeadline(d));
    const revised = eddRevised(s, journey.promisedBy, settings, asOf);
    if (revised !== null) signals.push(revised);
    const delay = carrierDelay(s, asOf);
    if (delay !== null) signals.push(delay);
    const exception = deliveryException(s, asOf);
    if (exception !== null) signals.push(exception);
  }
  return signals;
}

function eddRevised(s: Shipment, promisedBy: string | null, settings: ShopSettings, asOf: string): Signal | null {
  const current = s.carrierEstimate;
  if (current === null || s.tag === "Delivered") return null;
  const minHours = settings.signals.eddRevisedMinHours;
  const first = s.firstCarrierEstimate;
  const currentMs = ms(current);
  const firstMs = first === null ? 0 : ms(first);
  const hoursLater = first === null ? 0 : (currentMs - firstMs) / HOUR;
  const moved = first !== null && currentMs > firstMs && hoursLater >= minHours;
  const currentDeadline = carrierEstimateDeadline(current, settings.calendar);
  const afterPromise = promisedBy !== null && ms(currentDeadline) > ms(promisedBy);
  if (!moved && !afterPromise) return null;
  const cal = settings.calendar;
  // Later than the promise is what the customer feels, so it is the comparison reported first.
  const previous = afterPromise ? (promisedBy as string) : (first as string);
  const basis = afterPromise ? "later_than_promise" : "carrier_estimate_moved";
  const why = afterPromise
    ? `carrier now estimates ${localDate(currentDeadline, cal)}, after the promised ${localDate(previous, cal)}`
    : `carrier estimate moved from ${localDate(carrierEstimateDeadline(previous, cal), cal)} to ${localDate(currentDeadline, cal)} (${round(hoursLater)} h later, threshold ${minHours} h)`;
  return {
    name: "edd_revised",
    shipmentKey: s.key,
    // The journey does not keep when the estimate changed; the shipment's last update is the nearest bound.
    since: earlier(s.updatedAt, asOf),
    detail: `${label(s)}: ${why}`,
    facts: { previous, current, basis, firstCarrierEstimate: first, promisedBy, hoursLater: round(hoursLater), thresholdHours: minHours },
  };
}

function isDelay(subtag: string | null): boolean {
  return subtag !== null && DELAY_SUBTAGS.has(subtag);
}

function carrierDelay(s: Shipment, asOf: string): Signal | null {
  if (s.tag === "Delivered" || !isDelay(s.subtag)) return null;
  return {
    name: "carrier_delay",
    shipmentKey: s.key,
    since: runStart(s, (c) => isDelay(c.subtag), asOf),
    detail: `${label(s)}: carrier declared a delay (${s.subtag}${s.subtagMessage ? ` "${s.subtagMessage}"` : ""}), status ${s.tag}`,
    facts: { tag: s.tag, subtag: s.subtag, message: s.subtagMessage, carrierEstimate: s.carrierEstimate },
  };
}

export type ExceptionKind = "lost" | "damaged" | "returned_to_sender" | "address_problem" | "failed_attempt" | "other";

const EXCEPTION_KIND_BY_SUBTAG: Readonly<Record<string, ExceptionKind>> = {
  [Subtag.exceptionLost]: "lost",
  [Subtag.exceptionDamaged]: "damaged",
  [Subtag.exceptionReturningToSender]: "returned_to_sender",
  [Subtag.exceptionReturnedToSender]: "returned_to_sender",
  [Subtag.exceptionAddress]: "address_problem",
  Exception_002: "address_problem", // customer moved
};

function isDeliveryException(tag: ShipmentTag, subtag: string | null): boolean {
  return tag === "AttemptFail" || tag === "Expired" || (tag === "Exception" && !isDelay(subtag));
}

export function exceptionKind(tag: ShipmentTag, subtag: string | null): ExceptionKind {
  if (tag === "AttemptFail") return "failed_attempt";
  if (tag === "Exception" && subtag !== null) return EXCEPTION_KIND_BY_SUBTAG[subtag] ?? "other";
  return "other";
}

function deliveryException(s: Shipment, asOf: string): Signal | null {
  if (!isDeliveryException(s.tag, s.subtag)) return null;
  const kind = exceptionKind(s.tag, s.subtag);
  return {
    name: "delivery_exception",
    shipmentKey: s.key,
    since: runStart(s, (c) => isDeliveryException(c.tag, c.subtag) && exceptionKind(c.tag, c.subtag) === kind, asOf),
    detail: `${label(s)}: ${kind.replaceAll("_", " ")} (${s.tag}${s.subtag ? ` ${s.subtag}` : ""}${s.subtagMessage ? ` "${s.subtagMessage}"` : ""})`,
    facts: { kind, tag: s.tag, subtag: s.subtag, message: s.subtagMessage },
  };
}

/**
 * When the current condition began: the first of the trailing checkpoints that satisfy it. When
 * the status came from a provider summary with no matching scan, the shipment's last update.
 */
function runStart(s: Shipment, holds: (c: Checkpoint) => boolean, asOf: string): string {
  let start: string | null = null;
  for (let i = s.checkpoints.length - 1; i >= 0; i -= 1) {
    const c = s.checkpoints[i] as Checkpoint;
    if (!holds(c)) break;
    start = c.at;
  }
  return start ?? earlier(s.updatedAt, asOf);
}

function earlier(a: string, b: string): string {
  return ms(a) <= ms(b) ? a : b;
}

function label(s: Shipment): string {
  return s.trackingNumber !== null ? `${s.carrier ?? "shipment"} ${s.trackingNumber}` : `shipment ${s.key}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
