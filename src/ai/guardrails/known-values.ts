import type { DraftContext } from "../drafts/draft-context.js";
import { findDates, findLoneWeekdays, type DateMention } from "./extract/dates.js";
import { findMoney, toCents } from "./extract/money.js";
import { findTrackingLike, findUrls } from "./extract/identifiers.js";

/** Everything a reply may state about an order: the facts, and the figures of the retrieved passages. */
export interface KnownValues {
  factDates: string[]; // ISO dates
  passageDates: Omit<DateMention, "text">[];
  passageWeekdays: Set<number>;
  cents: Set<number>;
  orderNumbers: Set<string>;
  tracking: Set<string>;
  urls: Set<string>;
}

export function knownValues(context: DraftContext): KnownValues {
  const f = context.facts;
  const passageText = context.passages.map((p) => p.text).join("\n");
  const factDates: string[] = [];
  const cents = new Set<number>(findMoney(passageText).map((m) => m.cents));
  const tracking = new Set<string>(findTrackingLike(passageText));
  const urls = new Set<string>(findUrls(passageText));
  const orderNumbers = new Set<string>();
  if (f) {
    orderNumbers.add(f.orderName.replace(/\D/g, ""));
    if (f.orderedOn) factDates.push(f.orderedOn);
    for (const s of f.shipments) {
      for (const d of [s.shippedOn, s.deliveredOn, s.expectedDelivery, s.previousExpectedDelivery]) if (d) factDates.push(d);
      if (s.trackingNumber) tracking.add(s.trackingNumber);
      if (s.trackingUrl) urls.add(s.trackingUrl);
    }
    for (const amount of [f.totals.total, f.totals.subtotal, f.totals.shipping, ...f.openReturns.map((r) => r.refundAmount)]) {
      if (amount !== null) cents.add(toCents(amount));
    }
  }
  return {
    factDates,
    passageDates: findDates(passageText),
    passageWeekdays: new Set(findLoneWeekdays(passageText).map((w) => w.weekday)),
    cents, orderNumbers, tracking, urls };
}
