import type { StoredEvent } from "./event.js";
import type { Journey, Signal } from "./journey.js";
import { foldJourney } from "./journey-fold.js";
import type { ShopSettings } from "./settings.js";
import { computeSignals } from "./signals.js";

/** The journey with its signals as of its own latest event: what projections store. */
export function projectJourney(shop: string, orderId: string, events: StoredEvent[], settings: ShopSettings): Journey {
  const journey = foldJourney(shop, orderId, events, settings);
  return { ...journey, signals: computeSignals(journey, settings, journey.asOf) };
}

export interface SignalDiff {
  raised: Signal[];
  cleared: Signal[];
}

function signalKey(s: Pick<Signal, "name" | "shipmentKey">): string {
  return JSON.stringify([s.name, s.shipmentKey]);
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
  const beforeByKey = new Map(before.map((s) => [signalKey(s), s]));
  const afterKeys = new Set(after.map(signalKey));
  const raised = after.filter((s) => {
    const previous = beforeByKey.get(signalKey(s));
    return previous === undefined || slippedFurther(previous, s);
  });
  const cleared = before.filter((s) => !afterKeys.has(signalKey(s)));
  return { raised, cleared };
}
