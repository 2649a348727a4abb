import type { Journey } from "../core/journey.js";
import type { OutboxAction } from "../core/outbox.js";
import type { Store } from "../store/port.js";

/** The journey of the order an outbox action is about (null for an action about no order). */
export type JourneyOf = (action: OutboxAction) => Promise<Journey | null>;

/**
 * `JourneyOf` over the store, read once per claimed action however many checks ask before it
 * leaves: quiet hours and the send guard both need it, and the dispatcher hands both the same
 * action object. Keyed by that object, so an entry lives as long as the claim.
 */
export function journeyOnce(store: Store): JourneyOf {
  const read = new WeakMap<OutboxAction, Promise<Journey | null>>();
  return (action) => {
    let journey = read.get(action);
    if (journey === undefined) read.set(action, (journey = action.orderId === null ? Promise.resolve(null) : store.getJourney(action.shop, action.orderId)));
    return journey;
  };
}
