import type { Timer } from "./decision.js";
import type { Journey } from "./journey.js";
import type { ShopSettings } from "./settings.js";
import { silenceDeadlines, type SilenceDeadline } from "./signals.js";

/** Timer name for a signal: one live timer per (shop, order, name). */
export function timerName(signal: string, shipmentKey: string | null): string {
  return `${signal}:${shipmentKey ?? "order"}`;
}

/**
 * The timers a journey needs: for every signal that silence alone could raise and that is not
 * raised yet, the instant it would turn true. Delivered shipments and cancelled orders have no
 * such deadline, so they get no timers.
 */
export function plannedTimers(journey: Journey, settings: ShopSettings, deadlines: readonly SilenceDeadline[] = silenceDeadlines(journey, settings)): Timer[] {
  const raised = new Set(journey.signals.map((s) => timerName(s.name, s.shipmentKey)));
  return deadlines
    .map((d) => ({ shop: journey.shop, orderId: journey.orderId, name: timerName(d.name, d.shipmentKey), dueAt: d.dueAt }))
    .filter((t) => !raised.has(t.name));
}
