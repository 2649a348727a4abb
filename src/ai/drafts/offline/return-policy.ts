import { declined } from "../draft.js";
import { formatDate } from "../format.js";
import { quotePassages } from "./quote.js";
import { ReplyBuilder } from "./reply-builder.js";
import type { Template } from "./template.js";

/**
 * "Can I return this?": the returns passages, quoted, plus the order's delivery date and any open
 * return. It never works out a deadline or eligibility itself: that would be a date or a ruling
 * the facts do not hold.
 */
export const returnPolicy: Template = ({ context, question, signature }) => {
  const quote = quotePassages(context.passages, `${question} return window`, 3);
  if (quote.sentences.length === 0) return declined("no_passages", "no returns passage was retrieved");
  const b = new ReplyBuilder(signature).greet(context.facts);
  const facts = context.facts;
  if (facts) {
    const name = b.fact("orderName", facts.orderName);
    const delivered = facts.shipments.findIndex((s) => s.deliveredOn !== null);
    const on = facts.shipments[delivered]?.deliveredOn;
    if (on) b.say(`Our records show order ${name} was delivered on ${formatDate(b.fact(`shipments[${delivered}].deliveredOn`, on))}.`);
    for (const [i, r] of facts.openReturns.entries()) {
      b.say(`There is already a return on order ${name}, and its status is "${b.fact(`openReturns[${i}].status`, r.status)}".`);
    }
    b.paragraph();
  }
  b.say("Here is what our help centre says:").paragraph().quote(quote);
  return { ok: true, draft: b.build() };
};
