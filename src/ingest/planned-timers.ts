import type { Journey } from "../core/journey.js";
import type { ShopSettings } from "../core/settings.js";
import type { Timer } from "../core/decision.js";
import { plannedTimers } from "../core/timers.js";

/** Orders remembered: a replay group holds a few hundred events' orders; only a whole shop replayed as one group holds more, and the memo starts over. */
const LIMIT = 5_000;

/**
 * The timers the last fold of each order planned, found again only for the very journey object
 * that fold produced (and the same settings): anything else is planned afresh.
 */
export class PlannedTimers {
  readonly #byOrder = new Map<string, { journey: Journey; settings: ShopSettings; timers: Timer[] }>();

  remember(shop: string, orderId: string, journey: Journey, settings: ShopSettings, timers: Timer[]): void {
    if (this.#byOrder.size >= LIMIT) this.#byOrder.clear();
    this.#byOrder.set(`${shop}\0${orderId}`, { journey, settings, timers });
  }

  timersOf(shop: string, orderId: string, journey: Journey, settings: ShopSettings): Timer[] {
    const hit = this.#byOrder.get(`${shop}\0${orderId}`);
    if (hit !== undefined && hit.journey === journey && hit.settings === settings) return hit.timers;
    return plannedTimers(journey, settings);
  }
}
