import { localDate } from "../../core/business-days.js";
import { carrierEstimateDeadline } from "../../core/expected-delivery.js";
import type { Journey, Shipment } from "../../core/journey.js";
import type { BusinessCalendar } from "../../core/settings.js";
import type { OrderFacts, ShipmentFacts } from "./order-facts.js";

export interface FactsFromJourneyOptions {
  /** The shop's calendar: instants become the local dates a customer is told. */
  calendar: BusinessCalendar;
  /** From the customer record or the helpdesk; the journey keeps only the email. */
  customerFirstName: string | null;
  /** Fulfillment holds in force (the journey does not fold them). */
  holds?: { reason: string }[];
}

const CLOSED_RETURN = new Set(["closed", "declined", "canceled", "cancelled"]);

/**
 * The facts a draft may state, read off the live order journey. Null while the order itself is
 * unknown (only tracking seen): a reply needs the order's name and total to be about the order.
 */
export function factsFromJourney(journey: Journey, options: FactsFromJourneyOptions): OrderFacts | null {
  if (journey.name === null || journey.totalPrice === null || journey.currency === null) return null;
  const day = (iso: string | null) => (iso === null ? null : localDate(iso, options.calendar));
  return {
    orderName: journey.name,
    customerFirstName: options.customerFirstName,
    orderedOn: day(journey.createdAt),
    financialStatus: journey.financialStatus,
    fulfillmentStatus: journey.fulfillmentStatus,
    cancelled: journey.cancelledAt !== null,
    items: journey.lineItems.map((li) => ({ title: li.title, quantity: li.quantity })),
    shipments: journey.shipments.map((s) => shipmentFacts(journey, s, options.calendar)),
    openReturns: journey.returns.filter((r) => !CLOSED_RETURN.has(r.status.toLowerCase())).map((r) => ({ status: r.status, reason: null, refundAmount: null })),
    holds: options.holds ?? [],
    totals: { total: journey.totalPrice, subtotal: null, shipping: null, currency: journey.currency },
  };
}

function shipmentFacts(journey: Journey, s: Shipment, cal: BusinessCalendar): ShipmentFacts {
  const signals = journey.signals.filter((g) => g.shipmentKey === s.key);
  const previous = signals.find((g) => g.name === "edd_revised")?.facts["previous"];
  return {
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    tag: s.tag,
    subtag: s.subtag,
    shippedOn: s.shippedAt === null ? null : localDate(s.shippedAt, cal),
    deliveredOn: s.deliveredAt === null ? null : localDate(s.deliveredAt, cal),
    expectedDelivery: s.expectedDelivery === null ? null : localDate(s.expectedDelivery, cal),
    // The estimate before the revision is a promise instant or a raw carrier estimate; both read as that local day.
    previousExpectedDelivery: typeof previous === "string" ? localDate(carrierEstimateDeadline(previous, cal), cal) : null,
    signals: signals.map((g) => g.name),
  };
}
