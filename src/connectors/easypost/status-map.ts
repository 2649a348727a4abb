import { combineStatus, Subtag, type DetailStatus, type MappedStatus } from "../../core/shipment-status.js";

/** EasyPost Tracker `status` (all ten documented values) onto AfterShip tags. */
export const EASYPOST_STATUS: Readonly<Record<string, MappedStatus>> = {
  unknown: { tag: "Pending", subtag: "Pending_001" },
  pre_transit: { tag: "InfoReceived", subtag: "InfoReceived_001" },
  in_transit: { tag: "InTransit", subtag: "InTransit_001" },
  out_for_delivery: { tag: "OutForDelivery", subtag: "OutForDelivery_001" },
  delivered: { tag: "Delivered", subtag: Subtag.delivered },
  available_for_pickup: { tag: "AvailableForPickup", subtag: "AvailableForPickup_001" },
  return_to_sender: { tag: "Exception", subtag: Subtag.exceptionReturningToSender },
  failure: { tag: "Exception", subtag: "Exception_001" },
  cancelled: { tag: "Exception", subtag: Subtag.exceptionCancelled },
  // "error" is the tracker failing (bad tracking code, carrier unreachable), not the parcel:
  // nothing is known about the shipment, so it must not raise a delivery exception to a customer.
  error: { tag: "Pending", subtag: "Pending_001" },
};

/**
 * EasyPost `status_detail` (the 28 values EasyPost documents on Tracker and TrackingDetail).
 * `status_update` and `unknown` add nothing and are absent on purpose.
 */
export const EASYPOST_STATUS_DETAIL: Readonly<Record<string, DetailStatus>> = {
  label_created: { kind: "refine", tag: "InfoReceived", subtag: "InfoReceived_001" },
  awaiting_information: { kind: "refine", tag: "InfoReceived", subtag: "InfoReceived_001" },
  received_at_origin_facility: { kind: "refine", tag: "InTransit", subtag: "InTransit_002" },
  arrived_at_facility: { kind: "refine", tag: "InTransit", subtag: "InTransit_003" },
  arrived_at_destination: { kind: "refine", tag: "InTransit", subtag: "InTransit_003" },
  received_at_destination_facility: { kind: "refine", tag: "InTransit", subtag: "InTransit_003" },
  departed_facility: { kind: "refine", tag: "InTransit", subtag: "InTransit_007" },
  departed_origin_facility: { kind: "refine", tag: "InTransit", subtag: "InTransit_007" },
  in_transit: { kind: "refine", tag: "InTransit", subtag: "InTransit_001" },
  transferred_to_destination_carrier: { kind: "refine", tag: "InTransit", subtag: "InTransit_001" },
  out_for_delivery: { kind: "refine", tag: "OutForDelivery", subtag: "OutForDelivery_001" },
  arrived_at_pickup_location: { kind: "override", tag: "AvailableForPickup", subtag: "AvailableForPickup_001" },
  address_correction: { kind: "override", tag: "Exception", subtag: Subtag.exceptionAddress },
  cancelled: { kind: "override", tag: "Exception", subtag: Subtag.exceptionCancelled },
  damaged: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDamaged },
  delayed: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDelayed },
  delivery_exception: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  expired: { kind: "override", tag: "Expired", subtag: "Expired_001" },
  failure: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  held: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  lost: { kind: "override", tag: "Exception", subtag: Subtag.exceptionLost },
  missorted: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDelayedProcessing },
  refused: { kind: "override", tag: "Exception", subtag: Subtag.exceptionRefused },
  return: { kind: "override", tag: "Exception", subtag: Subtag.exceptionReturningToSender },
  transit_exception: { kind: "override", tag: "Exception", subtag: "Exception_001" },
  weather_delay: { kind: "override", tag: "Exception", subtag: Subtag.exceptionDelayedWeather },
};

/** Maps an EasyPost (status, status_detail) pair; an unknown status counts as `unknown`. */
export function mapEasyPostStatus(status: string | null | undefined, statusDetail: string | null | undefined): MappedStatus {
  const base = (status && Object.hasOwn(EASYPOST_STATUS, status) ? EASYPOST_STATUS[status] : undefined) ?? { tag: "Pending", subtag: "Pending_001" };
  const detail = statusDetail && Object.hasOwn(EASYPOST_STATUS_DETAIL, statusDetail) ? (EASYPOST_STATUS_DETAIL[statusDetail] ?? null) : null;
  return combineStatus(base, detail);
}
