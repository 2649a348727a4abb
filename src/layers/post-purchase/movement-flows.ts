import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";
import type { ShipmentTag } from "../../core/shipment-status.js";
import { notCancelled, orderValue, reachable, shipmentFacts } from "./facts.js";

/**
 * Carrier movement the customer cares about, one Klaviyo metric per status so a brand builds one
 * template each (and can switch one off by flow id). They start on the journey's status change,
 * whichever source reported it (Shopify, EasyPost, AfterShip, Shippo), and never on a scan that
 * would move the shipment backwards: the journey does not regress, so no change is derived.
 */
function movementFlow(id: string, tag: ShipmentTag, metric: string, description: string): FlowDefinition {
  return defineFlow({
    id,
    version: 1,
    description,
    trigger: { events: ["shipment.status_changed"], filter: `shipment.tag == "${tag}"` },
    conditions: [notCancelled, reachable],
    steps: [
      {
        id: "notify",
        action: "notify.customer",
        // One per status per shipment: a carrier that reports the same status twice is told once.
        idempotency_key: `${id}:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}`,
        input: { metric, properties: { ...shipmentFacts, previous_status_tag: "{{ previous_tag }}", status_message: "{{ shipment.subtag_message }}" }, ...orderValue },
      },
    ],
  });
}

export const outForDeliveryFlow = movementFlow("out-for-delivery", "OutForDelivery", "Out For Delivery", "The carrier is delivering today (Klaviyo Out For Delivery).");
export const availableForPickupFlow = movementFlow("available-for-pickup", "AvailableForPickup", "Available For Pickup", "The parcel waits at a pickup point (Klaviyo Available For Pickup).");
export const deliveredFlow = movementFlow("delivered", "Delivered", "Order Delivered", "The carrier delivered the parcel (Klaviyo Order Delivered).");
export const failedAttemptFlow = movementFlow("failed-attempt", "AttemptFail", "Delivery Attempt Failed", "The carrier tried and could not deliver (Klaviyo Delivery Attempt Failed).");

export const movementFlows: readonly FlowDefinition[] = [outForDeliveryFlow, availableForPickupFlow, deliveredFlow, failedAttemptFlow];
