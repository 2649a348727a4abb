import { describe, expect, it } from "vitest";
import { mapShopifyShipmentStatus, SHOPIFY_SHIPMENT_STATUS } from "../../src/connectors/shopify/shipment-status-map.js";
import { ShipmentSubtag, tagOfSubtag } from "../../src/core/shipment-status.js";

// Every documented value: Fulfillment.shipment_status, FulfillmentEventStatus (2025-10+), unstable additions.
const TABLE: Array<[string, string, string]> = [
  ["confirmed", "Pending", "Pending_001"],
  ["label_purchased", "InfoReceived", "InfoReceived_001"],
  ["label_printed", "InfoReceived", "InfoReceived_001"],
  ["carrier_picked_up", "InTransit", "InTransit_002"],
  ["in_transit", "InTransit", "InTransit_001"],
  ["delayed", "Exception", "Exception_005"],
  ["out_for_delivery", "OutForDelivery", "OutForDelivery_001"],
  ["attempted_delivery", "AttemptFail", "AttemptFail_001"],
  ["ready_for_pickup", "AvailableForPickup", "AvailableForPickup_001"],
  ["picked_up", "Delivered", "Delivered_002"],
  ["delivered", "Delivered", "Delivered_001"],
  ["failure", "Exception", "Exception_001"],
  ["buyer_action_required", "Exception", "Exception_001"],
  ["ready_for_recipient_pickup", "AvailableForPickup", "AvailableForPickup_001"],
  ["returning_to_sender", "Exception", "Exception_010"],
];

describe("Shopify shipment status → AfterShip", () => {
  it.each(TABLE)("%s → %s / %s", (status, tag, subtag) => {
    expect(mapShopifyShipmentStatus(status)).toEqual({ tag, subtag });
    expect(mapShopifyShipmentStatus(status.toUpperCase())).toEqual({ tag, subtag }); // GraphQL spelling
  });

  it("covers exactly the documented values, each subtag under its own tag", () => {
    expect(Object.keys(SHOPIFY_SHIPMENT_STATUS).sort()).toEqual(TABLE.map(([s]) => s).sort());
    for (const { tag, subtag } of Object.values(SHOPIFY_SHIPMENT_STATUS)) {
      expect(ShipmentSubtag.safeParse(subtag).success).toBe(true);
      expect(tagOfSubtag(subtag)).toBe(tag);
    }
  });

  it("returns null for no status or an unknown one", () => {
    expect(mapShopifyShipmentStatus(null)).toBeNull();
    expect(mapShopifyShipmentStatus("teleported")).toBeNull();
    expect(mapShopifyShipmentStatus("constructor")).toBeNull();
  });
});
