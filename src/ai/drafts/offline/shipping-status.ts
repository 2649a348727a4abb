import { declined } from "../draft.js";
import { quotePassages } from "./quote.js";
import { ReplyBuilder } from "./reply-builder.js";
import { describeShipments } from "./shipment-sentences.js";
import { orderGate } from "./order-gate.js";
import type { Template } from "./template.js";

/** "Where is my order?": where each parcel is, its estimate and tracking; if unshipped, the processing time. */
export const shippingStatus: Template = ({ context, question, signature }) => {
  const gate = orderGate(context.facts);
  if (!gate.ok) return gate;
  const facts = gate.facts;
  const b = new ReplyBuilder(signature).greet(facts);
  const name = b.fact("orderName", facts.orderName);
  if (facts.shipments.length === 0) {
    b.fact("fulfillmentStatus", facts.fulfillmentStatus);
    b.say(`Thanks for checking in about order ${name}. It has not shipped yet.`);
    b.quote(quotePassages(context.passages, `${question} order ship business days processed`, 2, 1));
    return { ok: true, draft: b.build() };
  }
  b.say(`Thanks for checking in about order ${name}. Here is where it stands.`).paragraph();
  const handOff = describeShipments(facts.shipments, b, { tracking: true });
  if (handOff) return declined(handOff.code, handOff.detail);
  return { ok: true, draft: b.build() };
};
