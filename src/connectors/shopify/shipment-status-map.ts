import { Subtag, type MappedStatus } from "../../core/shipment-status.js";

/**
 * Shopify's `Fulfillment.shipment_status` and `FulfillmentEvent.status` (REST, lower-case) onto
 * AfterShip tags. One table serves both: Shopify uses the same vocabulary (FulfillmentEventStatus)
 * for the two fields. Values up to `ready_for_pickup` are in every API version; `carrier_picked_up`,
 * `delayed` and `picked_up` arrived in 2025-10; the last three exist only in `unstable` so far.
 */
export const SHOPIFY_SHIPMENT_STATUS: Readonly<Record<string, MappedStatus>> = {
  // "The default value when no other information is available": nothing from the carrier yet.
  confirmed: { tag: "Pending", subtag: "Pending_001" },
  label_purchased: { tag: "InfoReceived", subtag: "InfoReceived_001" },
  label_printed: { tag: "InfoReceived", subtag: "InfoReceived_001" },
  carrier_picked_up: { tag: "InTransit", subtag: "InTransit_002" }, // acceptance scan
  in_transit: { tag: "InTransit", subtag: "InTransit_001" },
  delayed: { tag: "Exception", subtag: Subtag.exceptionDelayed },
  out_for_delivery: { tag: "OutForDelivery", subtag: "OutForDelivery_001" },
  attempted_delivery: { tag: "AttemptFail", subtag: Subtag.attemptFail },
  ready_for_pickup: { tag: "AvailableForPickup", subtag: "AvailableForPickup_001" },
  // "The fulfillment was successfully picked up" — by the customer, at a pickup point.
  picked_up: { tag: "Delivered", subtag: "Delivered_002" },
  delivered: { tag: "Delivered", subtag: Subtag.delivered },
  failure: { tag: "Exception", subtag: "Exception_001" },
  buyer_action_required: { tag: "Exception", subtag: "Exception_001" },
  ready_for_recipient_pickup: { tag: "AvailableForPickup", subtag: "AvailableForPickup_001" },
  returning_to_sender: { tag: "Exception", subtag: Subtag.exceptionReturningToSender },
};

/** Maps a Shopify status (any case; GraphQL sends `IN_TRANSIT`); null when absent or unknown. */
export function mapShopifyShipmentStatus(status: string | null | undefined): MappedStatus | null {
  if (!status) return null;
  const key = status.toLowerCase();
  return Object.hasOwn(SHOPIFY_SHIPMENT_STATUS, key) ? (SHOPIFY_SHIPMENT_STATUS[key] ?? null) : null;
}
