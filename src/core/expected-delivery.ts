import { addBusinessDays, endOfLocalDate, endOfLocalDay } from "./business-days.js";
import type { EddSource } from "./journey.js";
import type { BusinessCalendar, MerchantPromise, ShopSettings } from "./settings.js";
import { remember } from "./memo.js";

/** A deadline: the last instant of the local day by which delivery is expected, and why. */
export interface ExpectedDelivery {
  at: string;
  source: EddSource;
}

export interface ExpectedDeliveryInput {
  orderCreatedAt: string | null;
  shippingMethod: string | null;
  /** Fulfillment creation, else the first carrier checkpoint (label created). */
  shipDate: string | null;
  /** The latest carrier estimate, as the carrier gave it. */
  carrierEstimate: string | null;
}

/**
 * Transit days for a shipping method: exact key, then case-insensitive key, then `default`.
 * A transit table without `default` falls back to its slowest method, so that a missing key
 * makes a promise later (fewer false delay notices), never earlier.
 */
export function transitDaysFor(shippingMethod: string | null, promise: MerchantPromise): number {
  let byMethod = transitDaysByPromise.get(promise);
  if (byMethod === undefined) transitDaysByPromise.set(promise, (byMethod = new Map()));
  let days = byMethod.get(shippingMethod);
  if (days === undefined) byMethod.set(shippingMethod, (days = lookUpTransitDays(shippingMethod, promise)));
  return days;
}

/** Per settings object (parsed once and shared): a fold asks for its order's method at every arrival. */
const transitDaysByPromise = new WeakMap<MerchantPromise, Map<string | null, number>>();

function lookUpTransitDays(shippingMethod: string | null, promise: MerchantPromise): number {
  const table = promise.transitDays;
  if (shippingMethod !== null) {
    const exact = table[shippingMethod];
    if (exact !== undefined) return exact;
    const lower = shippingMethod.toLowerCase();
    for (const [method, days] of Object.entries(table)) if (method.toLowerCase() === lower) return days;
  }
  const fallback = table["default"];
  if (fallback !== undefined) return fallback;
  return Math.max(0, ...Object.values(table));
}

/** Order date + processing days + transit days, in business days, end of that local day. */
export function merchantPromise(orderCreatedAt: string, shippingMethod: string | null, settings: ShopSettings): string {
  const days = settings.promise.processingDays + transitDaysFor(shippingMethod, settings.promise);
  return addBusinessDays(orderCreatedAt, days, settings.calendar);
}

/** Ship date + transit days, in business days, end of that local day. */
export function shipDatePlusTransit(shipDate: string, shippingMethod: string | null, settings: ShopSettings): string {
  return addBusinessDays(shipDate, transitDaysFor(shippingMethod, settings.promise), settings.calendar);
}

/**
 * End of the local day a carrier estimate names. Carriers mostly publish a date, which
 * normalizers turn into midnight UTC; read that as the calendar date itself, or a shop west of
 * UTC would see the estimate a day early.
 */
export function carrierEstimateDeadline(estimate: string, cal: BusinessCalendar): string {
  let byEstimate = deadlinesByCalendar.get(cal);
  if (byEstimate === undefined) deadlinesByCalendar.set(cal, (byEstimate = new Map()));
  return remember(byEstimate, estimate, DEADLINE_CACHE_LIMIT, () => {
    const iso = new Date(estimate).toISOString();
    return iso.endsWith("T00:00:00.000Z") ? endOfLocalDate(iso.slice(0, 10), cal) : endOfLocalDay(iso, cal);
  });
}

/** Per calendar object: signals ask for the deadline of the same estimate at every arrival. */
const deadlinesByCalendar = new WeakMap<BusinessCalendar, Map<string, string>>();
const DEADLINE_CACHE_LIMIT = 20_000;

/**
 * The customer-facing expectation, by precedence: merchant promise (the order is known) →
 * ship date + transit days (tracking seen before the order) → carrier estimate.
 */
export function expectedDelivery(input: ExpectedDeliveryInput, settings: ShopSettings): ExpectedDelivery | null {
  if (input.orderCreatedAt !== null) {
    return { at: merchantPromise(input.orderCreatedAt, input.shippingMethod, settings), source: "merchant_promise" };
  }
  if (input.shipDate !== null) {
    return { at: shipDatePlusTransit(input.shipDate, input.shippingMethod, settings), source: "ship_date_plus_transit" };
  }
  if (input.carrierEstimate !== null) {
    return { at: carrierEstimateDeadline(input.carrierEstimate, settings.calendar), source: "carrier_estimate" };
  }
  return null;
}
