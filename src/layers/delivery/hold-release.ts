import { stableId } from "../../core/ids.js";
import { compare, customerKeyOf, emptyOutput, type Rule, type RuleContext, type RuleOutput } from "../../flows/rule.js";
import { Channels } from "./channels.js";

/**
 * A held shipment is delivered → release its hold; when it was the customer's last active hold,
 * clear `ops_hold` on the profile so promotions resume.
 */
export const holdReleaseRule: Rule = {
  id: "hold-release",
  version: 1,
  description: "Delivery of a delayed shipment releases its ops hold",
  evaluate(ctx: RuleContext): RuleOutput {
    const out = emptyOutput();
    const j = ctx.after;
    const customerKey = customerKeyOf(j);
    if (!customerKey) return out;
    const remaining = new Set(ctx.activeHolds.map((h) => h.shipmentKey));
    for (const hold of ctx.activeHolds.filter((h) => h.orderId === j.orderId)) {
      const shipment = j.shipments.find((s) => s.key === hold.shipmentKey);
      const delivered = shipment?.tag === "Delivered";
      const cancelled = j.cancelledAt !== null;
      if (!delivered && !cancelled) continue;
      remaining.delete(hold.shipmentKey);
      const at = ctx.trigger.occurredAt;
      const reason = delivered ? `shipment ${hold.shipmentKey} delivered at ${shipment?.deliveredAt ?? at}` : `order cancelled at ${j.cancelledAt}`;
      out.holdsReleased.push({ shop: ctx.shop, customerKey, shipmentKey: hold.shipmentKey, releasedAt: at, reason });
      const decisionId = stableId(holdReleaseRule.id, ctx.shop, customerKey, hold.shipmentKey, hold.placedAt);
      const keys: string[] = [];
      if (remaining.size === 0) {
        const key = `ops-hold-release:${ctx.shop}:${customerKey}:${hold.shipmentKey}:${hold.placedAt}`;
        keys.push(key);
        out.actions.push({
          id: stableId("outbox", key),
          shop: ctx.shop,
          idempotencyKey: key,
          channel: Channels.customerProfile,
          orderId: j.orderId,
          decisionId,
          status: "pending",
          createdAt: at,
          payload: { profile: { ...(j.email ? { email: j.email } : {}), ...(j.customerId ? { external_id: j.customerId } : {}) }, properties: { ops_hold: false }, unset: ["ops_hold_reason", "ops_hold_order"] },
        });
      }
      out.decisions.push({
        id: decisionId,
        shop: ctx.shop,
        orderId: j.orderId,
        rule: holdReleaseRule.id,
        ruleVersion: holdReleaseRule.version,
        triggerEventId: ctx.trigger.id,
        signal: null,
        shipmentKey: hold.shipmentKey,
        outcome: "fired",
        reason: remaining.size === 0 ? `${reason}; hold released and ops_hold cleared` : `${reason}; hold released, ops_hold stays on for ${remaining.size} other delayed shipment(s)`,
        comparisons: [compare("customer.other_active_holds", remaining.size, "==", 0)],
        actions: keys,
        decidedAt: at,
      });
    }
    return out;
  },
};
