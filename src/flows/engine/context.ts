import type { Journey } from "../../core/journey.js";
import type { Hold } from "../../core/decision.js";
import type { ShopSettings } from "../../core/settings.js";
import type { RunTrigger } from "./run.js";
import { snakeKeys } from "./snake.js";

export interface ContextInput {
  shop: string;
  settings: ShopSettings;
  journey: Journey | null;
  trigger: RunTrigger;
  customerOrders: number;
  activeHolds: Hold[];
}

/**
 * The variables a flow's expressions see (docs/FLOWS.md): snake_case, money as numbers, ids as
 * strings. Built from the journey as it is when the step runs, plus the trigger that started it.
 */
export function buildFlowContext(input: ContextInput): Record<string, unknown> {
  const j = input.journey;
  const shipment = j && input.trigger.shipmentKey ? j.shipments.find((s) => s.key === input.trigger.shipmentKey) : undefined;
  const customerKey = j ? (j.customerId ?? j.email?.toLowerCase() ?? null) : null;
  return {
    event: { type: input.trigger.type, occurred_at: input.trigger.occurredAt },
    ...input.trigger.facts,
    order: j
      ? {
          ...snakeKeys({
            id: j.orderId,
            gid: j.orderGid,
            name: j.name,
            email: j.email,
            currency: j.currency,
            financialStatus: j.financialStatus,
            fulfillmentStatus: j.fulfillmentStatus,
            cancelledAt: j.cancelledAt,
            cancelReason: j.cancelReason,
            createdAt: j.createdAt,
            promisedBy: j.promisedBy,
            shippingMethod: j.shippingMethod,
            lineItems: j.lineItems,
            shipments: j.shipments.map(({ checkpoints: _c, ...s }) => s),
            signals: j.signals.map((s) => s.name),
          }),
          total_price: j.totalPrice === null ? null : Number(j.totalPrice),
        }
      : null,
    shipment: shipment ? snakeKeys({ ...shipment, checkpoints: undefined }) : null,
    customer: j ? { key: customerKey, id: j.customerId, email: j.email, orders_count: input.customerOrders, active_holds: input.activeHolds.length } : null,
    holds: input.activeHolds.map((h) => snakeKeys(h)),
    tickets: [],
    shop: { domain: input.shop, settings: snakeKeys(input.settings) },
  };
}
