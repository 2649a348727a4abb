import type { ShopSettings } from "../core/settings.js";
import type { Store } from "../store/port.js";
import { journeyOnce } from "./action-journey.js";
import type { DispatcherDeps } from "./dispatcher.js";
import { quietDeferral } from "./quiet-window.js";
import { createSendGuard } from "./send-guard.js";

/**
 * What the dispatcher asks before an action leaves: its channel's quiet hours, then, for a
 * customer message, the send guard. Both read the journey of the action's order; they share one
 * read of it per claimed action.
 */
export function dispatchChecks(deps: { store: Store; settingsFor(shop: string): ShopSettings; channel: string }): Required<Pick<DispatcherDeps, "guard" | "quietUntil">> {
  const journeyOf = journeyOnce(deps.store);
  return {
    guard: createSendGuard({ store: deps.store, settingsFor: deps.settingsFor, channel: deps.channel, journeyOf }),
    quietUntil: (action, now) => quietDeferral(journeyOf, action, deps.settingsFor(action.shop), now),
  };
}
