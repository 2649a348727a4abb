import { declined } from "../draft.js";
import { quotePassages } from "./quote.js";
import { ReplyBuilder } from "./reply-builder.js";
import { describeShipments } from "./shipment-sentences.js";
import { orderGate } from "./order-gate.js";
import type { Template } from "./template.js";

/**
 * "When will it arrive?" / "How long does shipping take?": the carrier's estimate for parcels on
 * their way, and the shipping-time passages. Without an order it answers from the passages alone.
 */
export const deliveryTiming: Template = ({ context, question, signature }) => {
  const quote = quotePassages(context.passages, `${question} business days`, 3);
  const b = new ReplyBuilder(signature).greet(context.facts);
  if (context.facts) {
    const gate = orderGate(context.facts);
    if (!gate.ok) return gate;
    const name = b.fact("orderName", gate.facts.orderName);
    const moving = gate.facts.shipments.filter((s) => s.tag !== "Delivered");
    if (moving.length > 0) {
      b.say(`Thanks for asking about order ${name}.`).paragraph();
      const handOff = describeShipments(moving, b, { tracking: true });
      if (handOff) return declined(handOff.code, handOff.detail);
    } else if (gate.facts.shipments.length === 0) {
      b.say(`Thanks for asking about order ${name}. It has not shipped yet.`).paragraph();
    }
  }
  if (quote.sentences.length === 0 && b.isEmpty()) {
    return declined("no_passages", "no shipping-time passage was retrieved and no estimate is known");
  }
  b.quote(quote);
  return { ok: true, draft: b.build() };
};
