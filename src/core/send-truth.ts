import type { CommsSettings } from "./comms-settings.js";
import { latestPromiseFor, type DeliveryPromise } from "./promise.js";
import { quietUntil, type QuietHours } from "./quiet-hours.js";
import type { ShipmentTag } from "./shipment-status.js";

/** A customer message as the send-time check reads it: what it says, about what, for whom. */
export interface OutgoingMessage {
  metric: string;
  shipmentKey: string | null;
  statusTag: string | null; // the shipment's status when the message was decided
  reason: string | null; // a delay or exception reason
  eventTime: string | null; // source time of the fact it reports
  promisedDelivery: string | null; // the date it tells the customer
  previousExpected: string | null; // for a delay: the date that was missed or moved
}

/** Everything the check compares the message with, read just before it would leave. */
export interface SendTruthInput {
  message: OutgoingMessage;
  now: Date;
  settings: CommsSettings;
  quietHours: QuietHours | undefined;
  timeZone: string;
  /** The shipment's status now, if the message concerns a shipment the journey knows. */
  liveTag: ShipmentTag | null;
  /** Messages already sent for the same order. */
  sentForOrder: readonly OutgoingMessage[];
  /** Messages sent to the same customer within the frequency window, all orders. */
  sentToCustomerRecently: readonly OutgoingMessage[];
  /** The order's promise ledger. */
  promises: readonly DeliveryPromise[];
}

export const SkipCode = {
  superseded: "SUPERSEDED",
  stale: "STALE",
  duplicate: "DUPLICATE",
  noFurtherSlip: "NO_FURTHER_SLIP",
  alreadyToldLater: "ALREADY_TOLD_LATER",
  frequencyCap: "FREQUENCY_CAP",
} as const;
export type SkipCode = (typeof SkipCode)[keyof typeof SkipCode];

export type SendVerdict =
  | { action: "send"; checked: string }
  | { action: "skip"; code: SkipCode; reason: string }
  | { action: "defer"; until: Date; reason: string };

/**
 * Delivery ends the story: any message about an earlier status ("out for delivery", "shipped", "in
 * transit but late") is superseded once the parcel is delivered. Earlier stages do not supersede
 * each other: a shipping confirmation still carries the tracking link the customer needs when the
 * parcel is already moving.
 */
const FINAL: ShipmentTag = "Delivered";
const ms = (iso: string) => new Date(iso).getTime();
const REVISED = "edd_revised";

/**
 * Whether a customer message may leave now, and why not. Pure: the dispatcher's shell reads the
 * live journey, the order's sent messages and promise ledger, and calls this just before sending.
 * The rules, in order: superseded by delivery; stale; a duplicate per status per shipment
 * (a revised estimate only if it slips past every date told so far, and no "we missed <date>" once
 * a later date was told); the per-customer frequency
 * cap; quiet hours for SMS-capable metrics (a deferral, not a skip).
 */
export function checkSend(input: SendTruthInput): SendVerdict {
  const m = input.message;
  if (m.statusTag !== null && m.statusTag !== FINAL && input.liveTag === FINAL) {
    return skip(SkipCode.superseded, `${m.metric} reports ${m.statusTag} but shipment ${m.shipmentKey} is now ${input.liveTag}`);
  }

  if (m.eventTime !== null) {
    const ageHours = (input.now.getTime() - ms(m.eventTime)) / 3_600_000;
    if (ageHours > input.settings.stalenessHours) {
      return skip(SkipCode.stale, `${m.metric} reports a fact from ${m.eventTime}, ${Math.floor(ageHours)} h old (staleness window ${input.settings.stalenessHours} h)`);
    }
  }

  if (m.shipmentKey !== null && m.previousExpected !== null) {
    // "We missed <date>" is wrong once the customer holds a later date from us: only that one can be missed now.
    const told = latestPromiseFor(input.promises, m.shipmentKey);
    if (told !== null && ms(told) > ms(m.previousExpected)) {
      return skip(SkipCode.alreadyToldLater, `${m.metric} (${m.reason ?? "delay"}) is about ${m.previousExpected}, but the customer was already told ${told} for shipment ${m.shipmentKey}`);
    }
  }

  if (m.shipmentKey !== null) {
    // A delay about another missed date is news, not a repeat: the previous date is part of what it says.
    const repeat = input.sentForOrder.find((s) => s.metric === m.metric && s.shipmentKey === m.shipmentKey && s.statusTag === m.statusTag && s.reason === m.reason && s.previousExpected === m.previousExpected);
    if (m.reason === REVISED && m.promisedDelivery !== null) {
      const told = latestPromiseFor(input.promises, m.shipmentKey);
      if (told !== null && ms(m.promisedDelivery) <= ms(told)) {
        return skip(SkipCode.noFurtherSlip, `${m.metric} (${REVISED}) tells ${m.promisedDelivery}, no later than ${told} the customer was already told for shipment ${m.shipmentKey}`);
      }
    } else if (repeat) {
      return skip(SkipCode.duplicate, `${m.metric} for shipment ${m.shipmentKey} (${m.statusTag ?? "no status"}${m.reason ? `, ${m.reason}` : ""}) was already sent`);
    }
  }

  const cap = input.settings.frequencyCap;
  if (!cap.exempt.includes(m.metric)) {
    const counted = input.sentToCustomerRecently.filter((s) => !cap.exempt.includes(s.metric));
    if (counted.length >= cap.max) {
      return skip(SkipCode.frequencyCap, `the customer got ${counted.length} post-purchase messages in the last ${cap.perHours} h (cap ${cap.max}): ${counted.map((s) => s.metric).join(", ")}`);
    }
  }

  if (input.settings.smsMetrics.includes(m.metric) && input.quietHours) {
    const until = quietUntil(input.now, m.metric, { ...input.quietHours, channels: [m.metric] }, input.timeZone);
    if (until) return { action: "defer", until, reason: `deferred: ${m.metric} may go by SMS and quiet hours (${input.quietHours.start}–${input.quietHours.end} ${input.timeZone}) last until ${until.toISOString()}` };
  }

  return { action: "send", checked: `current (${input.liveTag ?? "no shipment"}), fresh, not a duplicate, ${input.sentToCustomerRecently.length} of ${cap.max} messages in ${cap.perHours} h` };
}

function skip(code: SkipCode, reason: string): SendVerdict {
  return { action: "skip", code, reason };
}
