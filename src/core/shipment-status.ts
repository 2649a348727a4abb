import { z } from "zod";

/** AfterShip's nine delivery-status tags: the one vocabulary every carrier is mapped onto. */
export const ShipmentTag = z.enum([
  "Pending",
  "InfoReceived",
  "InTransit",
  "OutForDelivery",
  "AttemptFail",
  "AvailableForPickup",
  "Delivered",
  "Exception",
  "Expired",
]);
export type ShipmentTag = z.infer<typeof ShipmentTag>;

/**
 * AfterShip sub-status code, e.g. `Exception_013` (lost) or `InTransit_002`.
 * Kept as a string checked by shape so that new AfterShip codes flow through untouched.
 */
export const ShipmentSubtag = z.string().regex(/^(Pending|InfoReceived|InTransit|OutForDelivery|AttemptFail|AvailableForPickup|Delivered|Exception|Expired)_\d{3}$/);
export type ShipmentSubtag = z.infer<typeof ShipmentSubtag>;

/**
 * AfterShip's documented sub-statuses, code → subtag message.
 * Source: aftership.com/docs/tracking/2026-07/enum/delivery-sub-statuses (Delivered_005 is new in
 * that version) and AfterShip's help article "Learn About Delivery Sub-Status" (Exception_016 to
 * Exception_021, live from 2026-03-27). Codes seen in the wild but not described there
 * (Exception_014, Exception_015, Pending_002…006, OutForDelivery_002) are left out rather than
 * guessed: `subtagMessage` returns null for them and the code itself still flows through.
 */
export const SUBTAG_MESSAGES: Readonly<Record<string, string>> = {
  Pending_001: "Pending",
  InfoReceived_001: "Info Received",
  InTransit_001: "In Transit",
  InTransit_002: "Acceptance scan",
  InTransit_003: "Arrival scan",
  InTransit_004: "Arrived at destination country",
  InTransit_005: "Customs clearance completed",
  InTransit_006: "Customs clearance started",
  InTransit_007: "Departure Scan",
  InTransit_008: "Problem resolved",
  InTransit_009: "Forwarded to a different delivery address",
  OutForDelivery_001: "Out for Delivery",
  OutForDelivery_003: "Customer contacted",
  OutForDelivery_004: "Delivery appointment scheduled",
  AttemptFail_001: "Failed Attempt",
  AttemptFail_002: "Addressee not available",
  AttemptFail_003: "Business Closed",
  AvailableForPickup_001: "Available for pickup",
  Delivered_001: "Delivered",
  Delivered_002: "Picked up by the customer",
  Delivered_003: "Sign by customer",
  Delivered_004: "Delivered and received cash on delivery",
  Delivered_005: "Delivered to neighbor",
  Exception_001: "Exception",
  Exception_002: "Customer moved",
  Exception_003: "Customer refused delivery",
  Exception_004: "Delayed (Customs clearance)",
  Exception_005: "Delayed (External factors)",
  Exception_006: "Held for payment",
  Exception_007: "Incorrect Address",
  Exception_008: "Pick up missed",
  Exception_009: "Rejected by carrier",
  Exception_010: "Returning to sender",
  Exception_011: "Returned to sender",
  Exception_012: "Shipment damage",
  Exception_013: "Shipment lost",
  Exception_016: "Delayed (Processing issue)",
  Exception_017: "Delayed (Extreme weather)",
  Exception_018: "Incorrect / missing documents",
  Exception_019: "Delayed (Late flight)",
  Exception_020: "Shipment cancelled",
  Exception_021: "Shipment disposed",
  Expired_001: "Expired",
};

/** The subtag message AfterShip documents for a code, or null when the code is not in the table. */
export function subtagMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(SUBTAG_MESSAGES, code) ? (SUBTAG_MESSAGES[code] ?? null) : null;
}

/** The tag a subtag belongs to ("Exception_013" → "Exception"), or null when the code is malformed. */
export function tagOfSubtag(code: string): ShipmentTag | null {
  if (!ShipmentSubtag.safeParse(code).success) return null;
  const parsed = ShipmentTag.safeParse(code.slice(0, code.lastIndexOf("_")));
  return parsed.success ? parsed.data : null;
}

/** A vendor status mapped onto the shared vocabulary. */
export interface MappedStatus {
  tag: ShipmentTag;
  subtag: string;
}

/**
 * How a carrier's detail code (EasyPost `status_detail`, Shippo `substatus.code`) combines with its
 * main status: `refine` only sharpens the subtag within the same tag ("arrived_at_facility" under
 * in_transit → InTransit_003), `override` states a different fact ("lost" → Exception_013).
 */
export interface DetailStatus extends MappedStatus {
  kind: "refine" | "override";
}

/**
 * The status a (main status, detail) pair means. A delivered parcel stays delivered whatever the
 * detail says (a "damaged" note on a delivered parcel is a support matter, not a shipment state).
 */
export function combineStatus(base: MappedStatus, detail: DetailStatus | null): MappedStatus {
  if (detail === null) return base;
  if (detail.kind === "refine") return detail.tag === base.tag ? { tag: detail.tag, subtag: detail.subtag } : base;
  return base.tag === "Delivered" ? base : { tag: detail.tag, subtag: detail.subtag };
}

/** Sub-status codes the rules care about, named once. */
export const Subtag = {
  exceptionDelayed: "Exception_005", // Delayed (External factors): the generic carrier delay
  exceptionDelayedCustoms: "Exception_004",
  exceptionDelayedProcessing: "Exception_016",
  exceptionDelayedWeather: "Exception_017",
  exceptionDelayedLateFlight: "Exception_019",
  exceptionReturningToSender: "Exception_010", // on its way back
  exceptionReturnedToSender: "Exception_011", // back with the sender
  exceptionAddress: "Exception_007", // Incorrect Address
  exceptionPickupMissed: "Exception_008",
  exceptionRefused: "Exception_003",
  exceptionDamaged: "Exception_012",
  exceptionLost: "Exception_013",
  exceptionCancelled: "Exception_020",
  exceptionDisposed: "Exception_021",
  attemptFail: "AttemptFail_001",
  delivered: "Delivered_001",
  /**
   * A carrier-declared delay while the parcel still moves. AfterShip has no InTransit_* delay code
   * (InTransit_009 is "forwarded to a different delivery address"); it files these under
   * Exception_016 "Delayed (Processing issue)": vehicle issue, sorting error, missed connection.
   */
  inTransitDelay: "Exception_016",
} as const;

/** Every sub-status that means "late, but still coming": the carrier_delay signal reads this. */
export const DELAY_SUBTAGS: ReadonlySet<string> = new Set([
  Subtag.exceptionDelayedCustoms,
  Subtag.exceptionDelayed,
  Subtag.exceptionDelayedProcessing,
  Subtag.exceptionDelayedWeather,
  Subtag.exceptionDelayedLateFlight,
]);

/** Tags after which a shipment no longer moves forward on its own. */
export const TERMINAL_TAGS: ReadonlySet<ShipmentTag> = new Set(["Delivered", "Expired"]);

/** Tags that are exceptions a human may need to look at. */
export const EXCEPTION_TAGS: ReadonlySet<ShipmentTag> = new Set(["Exception", "AttemptFail", "Expired"]);
