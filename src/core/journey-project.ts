import type { StoredEvent } from "./event.js";
import type { Journey, Signal } from "./journey.js";
import { foldJourney } from "./journey-fold.js";
import type { ShopSettings } from "./settings.js";
import { computeSignals, silenceDeadlines } from "./signals.js";
import { plannedTimers } from "./timers.js";
import type { Timer } from "./decision.js";

/** The journey with its signals as of its own latest event: what projections store. */
export function projectJourney(shop: string, orderId: string, events: StoredEvent[], settings: ShopSettings): Journey {
  return projectJourneyAndTimers(shop, orderId, events, settings).journey;
}

/** The same, with the timers it plans: the silence deadlines behind both are worked out once. */
export function projectJourneyAndTimers(shop: string, orderId: string, events: StoredEvent[], settings: ShopSettings): { journey: Journey; timers: Timer[] } {
  const folded = foldJourney(shop, orderId, events, settings);
  const deadlines = silenceDeadlines(folded, settings);
  const journey = { ...folded, signals: computeSignals(folded, settings, folded.asOf, deadlines) };
  return { journey, timers: plannedTimers(journey, settings, deadlines) };
}

export interface SignalDiff {
  raised: Signal[];
  cleared: Signal[];
}

/** A name never holds a NUL, and a null shipment key (the order's own signal) is told apart from any text. */
function signalKey(s: Pick<Signal, "name" | "shipmentKey">): string {
  return s.shipmentKey === null ? s.name : `${s.name}\0${s.shipmentKey}`;
}

/** An estimate that slipped again since the last notice is news again. */
function slippedFurther(before: Signal, after: Signal): boolean {
  if (after.name !== "edd_revised") return false;
  const was = before.facts["current"];
  const now = after.facts["current"];
  if (typeof was !== "string" || typeof now !== "string") return false;
  return new Date(now).getTime() > new Date(was).getTime();
}

/** Signals that turned true and turned false between two projections, keyed by (name, shipment). */
export function signalDiff(before: Signal[], after: Signal[]): SignalDiff {
  // Most folds of most orders have no signal before or after.
  if (before.length === 0) return { raised: [...after], cleared: [] };
  if (after.length === 0) return { raised: [], cleared: [...before] };
  const beforeByKey = new Map(before.map((s) => [signalKey(s), s]));
  const afterKeys = new Set(after.map(signalKey));
  const raised = after.filter((s) => {
    const previous = beforeByKey.get(signalKey(s));
    return previous === undefined || slippedFurther(previous, s);
  });
  const cleared = before.filter((s) => !afterKeys.has(signalKey(s)));
  return { raised, cleared };
}
