import type { ShipmentTag } from "../../../core/shipment-status.js";
import { subtagMessage } from "../../../core/shipment-status.js";
import type { DeclineReason } from "../draft.js";
import { formatDate } from "../format.js";
import type { ShipmentFacts } from "../order-facts.js";
import type { ReplyBuilder } from "./reply-builder.js";

interface Shipment {
  s: ShipmentFacts;
  path: string; // "shipments[0]"
  which: string; // "your parcel", "parcel 2 of 2"
  carrier: string;
}

type Describe = (sh: Shipment, b: ReplyBuilder) => DeclineReason | null;

const handOff =
  (code: string, what: string): Describe =>
  ({ s }) => ({ code, detail: `${what}${s.subtag ? ` (${s.subtag}: ${subtagMessage(s.subtag) ?? "unknown sub-status"})` : ""}; a person handles it` });

const says =
  (sentence: (sh: Shipment) => string): Describe =>
  (sh, b) => {
    b.say(sentence(sh));
    return null;
  };

const labelCreated = says((sh) => `The shipping label for ${sh.which} has been created, and ${sh.carrier} has not scanned it yet.`);

const STATUS: Readonly<Record<ShipmentTag, Describe>> = {
  Pending: labelCreated,
  InfoReceived: labelCreated,
  InTransit: says((sh) => `${capital(sh.which)} is on its way with ${sh.carrier}.`),
  OutForDelivery: says((sh) => `${capital(sh.which)} is out for delivery with ${sh.carrier} today.`),
  AttemptFail: says(
    (sh) => `${capital(sh.carrier)} tried to deliver ${sh.which} but could not complete the delivery. The tracking page shows the carrier's note and what happens next.`,
  ),
  AvailableForPickup: says((sh) => `${capital(sh.which)} is waiting for you at a ${sh.carrier} pickup point; the tracking page shows where.`),
  Delivered: (sh, b) => {
    const on = sh.s.deliveredOn ? ` on ${formatDate(b.fact(`${sh.path}.deliveredOn`, sh.s.deliveredOn))}` : "";
    b.say(`${capital(sh.carrier)} shows ${sh.which} as delivered${on}.`);
    return null;
  },
  Exception: handOff("shipment_exception", "the carrier reported an exception"),
  Expired: handOff("tracking_expired", "tracking stopped updating without a delivery"),
};

/** Say where each shipment is, in the customer's words; an exception hands the ticket to a person. */
export function describeShipments(shipments: readonly ShipmentFacts[], b: ReplyBuilder, options: { tracking: boolean }): DeclineReason | null {
  for (const [i, s] of shipments.entries()) {
    const path = `shipments[${i}]`;
    const sh: Shipment = {
      s,
      path,
      which: shipments.length === 1 ? "your parcel" : `parcel ${i + 1} of ${shipments.length}`,
      carrier: s.carrier ? b.fact(`${path}.carrier`, s.carrier) : "the carrier",
    };
    b.fact(`${path}.tag`, s.tag);
    const declined = STATUS[s.tag](sh, b);
    if (declined) return declined;
    if (s.tag !== "Delivered") describeEstimate(sh, b);
    if (options.tracking) describeTracking(sh, b);
    b.paragraph();
  }
  return null;
}

function describeEstimate({ s, path }: Shipment, b: ReplyBuilder): void {
  if (!s.expectedDelivery) return;
  const edd = formatDate(b.fact(`${path}.expectedDelivery`, s.expectedDelivery));
  if (s.signals.includes("edd_missed")) {
    b.say(`The carrier's estimated delivery date was ${edd}, so it is running late, and we are keeping an eye on it.`);
  } else if (s.previousExpectedDelivery && s.previousExpectedDelivery !== s.expectedDelivery) {
    const prev = formatDate(b.fact(`${path}.previousExpectedDelivery`, s.previousExpectedDelivery));
    b.say(`The carrier has moved the estimated delivery from ${prev} to ${edd}.`);
  } else {
    b.say(`The carrier's estimated delivery date is ${edd}.`);
  }
}

function describeTracking({ s, path }: Shipment, b: ReplyBuilder): void {
  const number = s.trackingNumber ? b.fact(`${path}.trackingNumber`, s.trackingNumber) : null;
  const url = s.trackingUrl ? b.fact(`${path}.trackingUrl`, s.trackingUrl) : null;
  // The link ends its line: no full stop glued to a URL.
  if (number && url) b.say(`Its tracking number is ${number}, and you can follow it here:\n${url}`);
  else if (url) b.say(`You can follow it here:\n${url}`);
  else if (number) b.say(`Its tracking number is ${number}.`);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
