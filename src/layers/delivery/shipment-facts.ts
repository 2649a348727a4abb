import type { Journey, Shipment } from "../../core/journey.js";

/** The properties a message template needs about one shipment of one order. */
export function shipmentProperties(j: Journey, s: Shipment | undefined): Record<string, string | number | null> {
  return {
    order_id: j.orderId,
    order_name: j.name,
    shipment: s?.key ?? null,
    carrier: s?.carrier ?? null,
    tracking_number: s?.trackingNumber ?? null,
    tracking_url: s?.trackingUrl ?? null,
    status_tag: s?.tag ?? null,
    status_subtag: s?.subtag ?? null,
    expected_delivery: s?.expectedDelivery ?? j.promisedBy,
    promised_by: j.promisedBy,
  };
}

export function findShipment(j: Journey, key: string | null): Shipment | undefined {
  return key === null ? undefined : j.shipments.find((s) => s.key === key);
}
