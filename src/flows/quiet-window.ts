import type { OutboxAction } from "../core/outbox.js";
import { quietHoursZone, quietUntil } from "../core/quiet-hours.js";
import type { ShopSettings } from "../core/settings.js";
import type { JourneyOf } from "./action-journey.js";

/** A customer message held back by quiet hours: until when, and the window and zone that decided it. */
export interface QuietDeferral {
  until: Date;
  why: string;
}

/**
 * Quiet hours at dispatch, in the customer's time zone: the zone the order ships to (the journey's
 * `customerTimeZone`), else the shop's, and the reason says which. A message about no order, or an
 * order whose address names no zone we know, keeps the shop's night.
 */
export async function quietDeferral(journeyOf: JourneyOf, action: OutboxAction, settings: ShopSettings, now: Date): Promise<QuietDeferral | null> {
  const quiet = settings.quietHours;
  if (!quiet || !quiet.channels.includes(action.channel)) return null;
  const journey = await journeyOf(action);
  const { timeZone, customers } = quietHoursZone(journey?.customerTimeZone, settings.calendar.timeZone);
  const until = quietUntil(now, action.channel, quiet, timeZone);
  if (until === null) return null;
  const whose = customers ? "the customer's time zone, from the order's address" : "the shop's time zone: the order's address names none we know";
  return { until, why: `quiet hours ${quiet.start}–${quiet.end} ${timeZone} (${whose})` };
}
