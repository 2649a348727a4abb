import { combineStatus, Subtag, type DetailStatus, type MappedStatus } from "../../core/shipment-status.js";

/** Shippo `tracking_status.status` (its six values) onto AfterShip tags. */
export const SHIPPO_STATUS: Readonly<Record<string, MappedStatus>> = {
  UNKNOWN: { tag: "Pending", subtag: "Pending_001" },
  PRE_TRANSIT: { tag: "InfoReceived", subtag: "InfoReceived_001" },
  TRANSIT: { tag: "InTransit", subtag: "InTransit_001" },
  DELIVERED: { tag: "Delivered", subtag: Subtag.delivered },
  RETURNED: { tag: "Exception", subtag: Subtag.exceptionReturningToSender },
  FAILURE: { tag: "Exception", subtag: "Exception_001" },
};

/**
 * Shippo `substatus.code`. Shippo has no out-for-delivery or pickup status: those arrive as TRANSIT
 * with a substatus, hence the overrides. `delivery_rescheduled` and `other` say nothing new.
 */
export const SHIPPO_SUBSTATUS: Readonly<Record<string, DetailStatus>> = {
  information_received: { kind: "refine", tag: "InfoReceived", subtag: "InfoReceived_001" },
  package_accepted: { kind: "refine", tag: "InTransit", subtag: "InTransit_002" },
  package_arrived: { kind: "refine", tag: "InTransit", subtag: "InTransit_003" },
  package_departed: { kind: "refine", tag: "InTransit", subtag: "InTransit_007" },
  package_forwarded: { kind: "refine", tag: "InTransit", subtag: "InTransit_009" },
  package_processed: { kind: "refine", tag: "InTransit", subtag: "InTransit_001" },
  package_processing: { kind: "refine", tag: "InTransit", subtag: "InTransit_001" },
  delivered: { kind: "refine", tag: "Delivered", subtag: Subtag.delivered },
  out_for_delivery: { kind: "override", tag: "OutForDelivery", subtag: "OutForDelivery_001" },
  delivery_scheduled: { kind: "override", tag: "OutForDelivery", subtag: "OutForDelivery_004" },
  pickup_available: { kind: "override", tag: "AvailableForPickup", subtag: "AvailableForPickup_001" },
  delivery_attempted: { kind: "override", tag: "AttemptFail", subtag: Subtag.attemptFail },
  notice_left: { kind: "override", tag: "AttemptFail", subtag: Subtag.attemptFail },
  location_inaccessible: { kind: "override", tag: "AttemptFail", subtag: Subtag.attemptFail },
  reschedule_delivery: { kind: "override", tag: "AttemptFail", subtag: Subtag.attemptFail },
  address_issue: { kind: "override", tag: "Exception", subtag: Subtag.exceptionAddress },
  contact_carrier: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  delayed: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDelayed },
  package_damaged: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDamaged },
  package_disposed: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDisposed },
  package_held: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  package_lost: { kind: "override", tag: "Exception", subtag: Subtag.exceptionLost },
  package_unclaimed: { kind: "override", tag: "Exception", subtag: Subtag.exceptionPickupMissed },
  package_undeliverable: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  return_to_sender: { kind: "override", tag: "Exception", subtag: Subtag.exceptionReturningToSender },
};

/** Maps a Shippo (status, substatus code) pair; a missing status counts as UNKNOWN. */
export function mapShippoStatus(status: string | null | undefined, substatus: string | null | undefined): MappedStatus {
  const key = status?.toUpperCase();
  const base = (key && Object.hasOwn(SHIPPO_STATUS, key) ? SHIPPO_STATUS[key] : undefined) ?? { tag: "Pending", subtag: "Pending_001" };
  const detail = substatus && Object.hasOwn(SHIPPO_SUBSTATUS, substatus) ? (SHIPPO_SUBSTATUS[substatus] ?? null) : null;
  return combineStatus(base, detail);
}
