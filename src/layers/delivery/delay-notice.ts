import { stableId } from "../../core/ids.js";
import type { Comparison } from "../../core/decision.js";
import type { Signal } from "../../core/journey.js";
import { compare, customerKeyOf, emptyOutput, type Rule, type RuleContext, type RuleOutput } from "../../flows/rule.js";
import { Channels, Metrics } from "./channels.js";
import { findShipment, shipmentProperties } from "./shipment-facts.js";

/** When several delay signals rise at once for one shipment, one notice goes out, for the first of these. */
const DELAY_PRIORITY = ["edd_missed", "edd_revised", "carrier_delay", "transit_stalled"] as const;
const rank = (s: Signal) => DELAY_PRIORITY.indexOf(s.name as (typeof DELAY_PRIORITY)[number]);

/**
 * A shipment became late → tell the customer before they ask (Klaviyo "Order Delayed") and put
 * a hold on the customer so that promotions are held back while the parcel is late.
 * One notice per order, shipment and reason; an `edd_revised` that slips again notifies again.
 */
export const delayNoticeRule: Rule = {
  id: "delay-notice",
  version: 1,
  description: "A delayed shipment sends an Order Delayed event and places an ops hold on the customer",
  evaluate(ctx: RuleContext): RuleOutput {
    const out = emptyOutput();
    const byShipment = new Map<string, Signal[]>();
    for (const s of ctx.raised.filter((s) => rank(s) >= 0)) byShipment.set(s.shipmentKey ?? "order", [...(byShipment.get(s.shipmentKey ?? "order") ?? []), s]);
    for (const signals of byShipment.values()) {
      const [primary, ...folded] = signals.sort((a, b) => rank(a) - rank(b));
      evaluateOne(ctx, primary!, out);
      // Two e-mails about one late parcel on the same day help no one: the others are recorded, not sent.
      for (const s of folded) {
        out.decisions.push({
          id: stableId(delayNoticeRule.id, ctx.shop, ctx.after.orderId, s.name, s.shipmentKey, s.since, "folded"),
          shop: ctx.shop,
          orderId: ctx.after.orderId,
          rule: delayNoticeRule.id,
          ruleVersion: delayNoticeRule.version,
          triggerEventId: ctx.trigger.id,
          signal: s.name,
          shipmentKey: s.shipmentKey,
          outcome: "skipped",
          reason: `${s.name}: ${s.detail}; no separate notice: raised together with ${primary!.name}, which was notified`,
          comparisons: [],
          actions: [],
          decidedAt: ctx.trigger.occurredAt,
        });
      }
    }
    return out;
  },
};

function evaluateOne(ctx: RuleContext, signal: Signal, out: RuleOutput): void {
  const j = ctx.after;
  const shipment = findShipment(j, signal.shipmentKey);
  const email = j.email;
  const customerKey = customerKeyOf(j);
  const comparisons: Comparison[] = [
    compare("order.cancelled_at", j.cancelledAt, "==", null),
    compare("shipment.tag", shipment?.tag ?? null, "!=", "Delivered"),
    compare("customer.email", email, "present", null),
  ];
  const decisionId = stableId(delayNoticeRule.id, ctx.shop, j.orderId, signal.name, signal.shipmentKey, signal.since, String(signal.facts.current ?? ""));
  const base = {
    id: decisionId,
    shop: ctx.shop,
    orderId: j.orderId,
    rule: delayNoticeRule.id,
    ruleVersion: delayNoticeRule.version,
    triggerEventId: ctx.trigger.id,
    signal: signal.name,
    shipmentKey: signal.shipmentKey,
    comparisons,
    decidedAt: ctx.trigger.occurredAt,
  };
  const failed = comparisons.find((c) => !c.result);
  if (failed) {
    out.decisions.push({ ...base, outcome: "skipped", reason: `${signal.name}: ${signal.detail}; not notified because ${failed.text}`, actions: [] });
    return;
  }
  // A revised estimate notifies again only when it slips to a new date: the date is part of the key.
  const reasonKey = signal.name === "edd_revised" ? `edd_revised:${String(signal.facts.current ?? "")}` : signal.name;
  const noticeKey = `delay-notice:${ctx.shop}:${j.orderId}:${signal.shipmentKey ?? "order"}:${reasonKey}`;
  const holdKey = `ops-hold:${ctx.shop}:${customerKey}:${signal.shipmentKey ?? "order"}`;
  const at = ctx.trigger.occurredAt;
  out.actions.push({
    id: stableId("outbox", noticeKey),
    shop: ctx.shop,
    idempotencyKey: noticeKey,
    channel: Channels.notifyCustomer,
    orderId: j.orderId,
    decisionId,
    status: "pending",
    createdAt: at,
    payload: {
      metric: Metrics.orderDelayed,
      profile: { email, ...(j.customerId ? { external_id: j.customerId } : {}) },
      properties: {
        ...shipmentProperties(j, shipment),
        reason: signal.name,
        reason_detail: signal.detail,
        previous_expected_delivery: (signal.facts.previous as string | null | undefined) ?? j.promisedBy,
        new_expected_delivery: (signal.facts.current as string | null | undefined) ?? shipment?.carrierEstimate ?? null,
      },
      time: at,
      value: j.totalPrice === null ? undefined : Number(j.totalPrice),
      valueCurrency: j.currency ?? undefined,
      uniqueId: noticeKey,
    },
  });
  const alreadyHeld = ctx.activeHolds.some((h) => h.shipmentKey === (signal.shipmentKey ?? "order"));
  if (customerKey && !alreadyHeld) {
    out.holdsPlaced.push({ shop: ctx.shop, customerKey, orderId: j.orderId, shipmentKey: signal.shipmentKey ?? "order", reason: signal.name, placedAt: at, releasedAt: null, releaseReason: null });
    out.actions.push({
      id: stableId("outbox", holdKey),
      shop: ctx.shop,
      idempotencyKey: holdKey,
      channel: Channels.customerProfile,
      orderId: j.orderId,
      decisionId,
      status: "pending",
      createdAt: at,
      payload: { profile: { email, ...(j.customerId ? { external_id: j.customerId } : {}) }, properties: { ops_hold: true, ops_hold_reason: signal.name, ops_hold_order: j.name ?? j.orderId } },
    });
  }
  out.decisions.push({
    ...base,
    outcome: "fired",
    reason: `${signal.name}: ${signal.detail}; customer notified${customerKey && !alreadyHeld ? " and ops hold placed" : alreadyHeld ? " (hold already active)" : ""}`,
    actions: out.actions.filter((a) => a.decisionId === decisionId).map((a) => a.idempotencyKey),
  });
}
