import type { ShopSettings } from "../../core/settings.js";
import type { Store } from "../../store/port.js";
import { customerKeyOf } from "../../core/customer-key.js";
import { buildFlowContext } from "./context.js";
import type { FlowRun } from "./run.js";

/** A run's context as it is now, read from the store (for steps taken outside a projection: approvals). */
export async function loadRunContext(store: Store, settings: ShopSettings, run: FlowRun): Promise<Record<string, unknown>> {
  const journey = run.orderId ? await store.getJourney(run.shop, run.orderId) : null;
  const customerKey = journey ? customerKeyOf(journey) : null;
  const activeHolds = customerKey ? (await store.holdsForCustomer(run.shop, customerKey)).filter((h) => h.releasedAt === null) : [];
  const customerOrders = customerKey ? Math.max(await store.countOrdersForCustomer(run.shop, customerKey), journey?.customerOrdersCount ?? 0, 1) : 0;
  return buildFlowContext({ shop: run.shop, settings, journey, trigger: run.trigger, customerOrders, activeHolds });
}
