import type { OutboxAction } from "./outbox.js";

/** A shipment that was late in the period: a delay signal started the delay-notice flow for it. */
export interface DelayedShipment {
  shop: string;
  orderId: string;
  shipmentKey: string;
  since: string; // when the delay was first seen
}

/**
 * Whether the customer asked about a shipment (a WISMO contact) before `at`. The seam for helpdesk
 * tickets: until they exist, nobody has asked, and the rate is notified ÷ delayed.
 */
export type ContactedBefore = (shipment: DelayedShipment, at: string) => boolean;
export const noTicketsYet: ContactedBefore = () => false;

export interface CommsMetrics {
  period: { from: string; to: string };
  sentByMetric: Record<string, number>;
  skippedByReason: Record<string, number>;
  failuresByCause: Record<string, number>;
  delayedShipments: number;
  notifiedBeforeContact: number;
  /** notifiedBeforeContact ÷ delayedShipments; null when nothing was delayed. */
  proactiveNoticeRate: number | null;
  definition: string;
}

const DELAY_METRIC = "Order Delayed";
const codeOf = (error: string | null): string => /^([A-Z][A-Z0-9_]*)/.exec(error ?? "")?.[1] ?? "UNKNOWN";
const metricOf = (a: OutboxAction): string => (typeof a.payload.metric === "string" ? a.payload.metric : a.channel);
const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/**
 * The operator's post-purchase figures for a period, from what the outbox recorded (sent, skipped
 * with a code, dead with a cause) and the shipments that were late. Pure. `customerChannel` is the
 * channel customer messages go through; failures count every channel (a dead Slack alert matters too).
 */
export function commsMetrics(input: {
  from: string;
  to: string;
  actions: readonly OutboxAction[];
  customerChannel: string;
  delayed: readonly DelayedShipment[];
  contactedBefore?: ContactedBefore;
}): CommsMetrics {
  const within = (at: string) => at >= input.from && at <= input.to;
  const sentByMetric: Record<string, number> = {};
  const skippedByReason: Record<string, number> = {};
  const failuresByCause: Record<string, number> = {};
  for (const a of input.actions) {
    if (!within(a.updatedAt)) continue;
    if (a.status === "delivered" && a.channel === input.customerChannel) inc(sentByMetric, metricOf(a));
    else if (a.status === "skipped") inc(skippedByReason, codeOf(a.lastError));
    else if (a.status === "dead") inc(failuresByCause, codeOf(a.lastError));
  }
  const contacted = input.contactedBefore ?? noTicketsYet;
  const delayed = dedupe(input.delayed.filter((d) => within(d.since)));
  const notices = input.actions.filter((a) => a.status === "delivered" && a.channel === input.customerChannel && metricOf(a) === DELAY_METRIC);
  const notified = delayed.filter((d) => {
    const first = notices
      .filter((a) => a.shop === d.shop && a.orderId === d.orderId && (a.payload.properties as Record<string, unknown> | undefined)?.shipment === d.shipmentKey)
      .map((a) => a.deliveredAt ?? a.updatedAt)
      .sort()[0];
    return first !== undefined && !contacted(d, first);
  }).length;
  return {
    period: { from: input.from, to: input.to },
    sentByMetric,
    skippedByReason,
    failuresByCause,
    delayedShipments: delayed.length,
    notifiedBeforeContact: notified,
    proactiveNoticeRate: delayed.length === 0 ? null : Math.round((notified / delayed.length) * 1000) / 1000,
    definition:
      input.contactedBefore === undefined
        ? "delayed shipments sent an Order Delayed notice ÷ delayed shipments (no helpdesk tickets yet, so no WISMO contact can come first)"
        : "delayed shipments sent an Order Delayed notice before any WISMO contact (a helpdesk ticket about the order) ÷ delayed shipments",
  };
}

function dedupe(list: readonly DelayedShipment[]): DelayedShipment[] {
  const first = new Map<string, DelayedShipment>();
  for (const d of list) {
    const key = `${d.shop}|${d.orderId}|${d.shipmentKey}`;
    const seen = first.get(key);
    if (!seen || d.since < seen.since) first.set(key, d);
  }
  return [...first.values()];
}
