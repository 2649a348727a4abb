import { stableId } from "../../core/ids.js";
import type { Signal } from "../../core/journey.js";
import { compare, emptyOutput, type Rule, type RuleContext, type RuleOutput } from "../../flows/rule.js";
import { Channels } from "./channels.js";
import { findShipment, shipmentProperties } from "./shipment-facts.js";

/**
 * A shipment exception (lost, damaged, returned to sender, address problem, failed attempt) →
 * an internal alert; when the order is valuable or the customer loyal, an escalation that waits
 * for a human. Humans own the remedy (reship, refund): this rule only makes sure someone looks.
 */
export const exceptionAlertRule: Rule = {
  id: "exception-alert",
  version: 1,
  description: "A delivery exception alerts the team; valuable orders or repeat customers are escalated for review",
  evaluate(ctx: RuleContext): RuleOutput {
    const out = emptyOutput();
    for (const signal of ctx.raised.filter((s) => s.name === "delivery_exception")) evaluateOne(ctx, signal, out);
    return out;
  },
};

function evaluateOne(ctx: RuleContext, signal: Signal, out: RuleOutput): void {
  const j = ctx.after;
  const shipment = findShipment(j, signal.shipmentKey);
  const t = ctx.settings.escalation;
  const value = compare("order.total_price", j.totalPrice === null ? null : Number(j.totalPrice), ">=", t.orderValue);
  const loyalty = compare("customer.orders_count", ctx.customerOrders, ">=", t.customerOrders);
  const escalate = value.result || loyalty.result;
  const kind = String(signal.facts.kind ?? "other");
  const decisionId = stableId(exceptionAlertRule.id, ctx.shop, j.orderId, signal.shipmentKey, signal.since, shipment?.subtag ?? "");
  const keyBase = `${ctx.shop}:${j.orderId}:${signal.shipmentKey ?? "order"}:${shipment?.subtag ?? shipment?.tag ?? kind}`;
  const at = ctx.trigger.occurredAt;
  const alertKey = `exception-alert:${keyBase}`;
  out.actions.push({
    id: stableId("outbox", alertKey),
    shop: ctx.shop,
    idempotencyKey: alertKey,
    channel: Channels.alertTeam,
    orderId: j.orderId,
    decisionId,
    status: "pending",
    createdAt: at,
    payload: { ...shipmentProperties(j, shipment), kind, detail: signal.detail, escalated: escalate },
  });
  if (escalate) {
    const escKey = `escalation:${keyBase}`;
    out.actions.push({
      id: stableId("outbox", escKey),
      shop: ctx.shop,
      idempotencyKey: escKey,
      channel: Channels.reviewEscalation,
      orderId: j.orderId,
      decisionId,
      status: "awaiting_review",
      createdAt: at,
      payload: { ...shipmentProperties(j, shipment), kind, detail: signal.detail, why: [value, loyalty].filter((c) => c.result).map((c) => c.text) },
    });
  }
  out.decisions.push({
    id: decisionId,
    shop: ctx.shop,
    orderId: j.orderId,
    rule: exceptionAlertRule.id,
    ruleVersion: exceptionAlertRule.version,
    triggerEventId: ctx.trigger.id,
    signal: signal.name,
    shipmentKey: signal.shipmentKey,
    outcome: "fired",
    reason: escalate
      ? `${kind}: ${signal.detail}; team alerted and escalated for human review because ${[value, loyalty].filter((c) => c.result).map((c) => c.text).join(" and ")}`
      : `${kind}: ${signal.detail}; team alerted; not escalated because ${value.text} and ${loyalty.text}`,
    comparisons: [value, loyalty],
    actions: out.actions.filter((a) => a.decisionId === decisionId).map((a) => a.idempotencyKey),
    decidedAt: at,
  });
}
