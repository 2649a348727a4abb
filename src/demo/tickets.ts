import { DAY, HOUR } from "../core/clock.js";
import type { SimOrder, Step } from "./scenario.js";

/** A customer writing to the store's helpdesk about an order. */
export interface SimTicket {
  at: number;
  ticketId: number;
  subject: string;
  text: string;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const WISMO = [
  "Where is my order {name}? Can you tell me when it will arrive?",
  "Hi, can you tell me the status of my order {name}? I would like to track it.",
  "Where is my package? Order {name} has not arrived yet.",
];
const ANGRY = ["Order {name} is a week late. If it is not here tomorrow I will file a chargeback with my bank."];
const DAMAGED = ["My order {name} arrived damaged, the box was crushed and the mug is broken. What can you do?"];
const LOST = ["The tracking for order {name} says the parcel was lost. I want a refund or a replacement."];
const RETURNS = ["Hi, I would like to return the hoodie from order {name}. What is your return policy?", "How many days do I have to return an item from order {name}?"];
const PRODUCT = ["Can I wash the wool socks in the washing machine?", "Is merino wool itchy? Thinking of ordering another pair of socks."];

/**
 * Who writes in, and when, as a small store's inbox sees it: about half of the late parcels ask
 * where they are (a few angrily), most lost or damaged ones write, and a few delivered customers ask
 * about returns or products. A separate random stream, so the orders stay the ones the benches see.
 */
export function simTicket(order: SimOrder, r: () => number): SimTicket | null {
  const shipped = order.steps.find((s): s is Extract<Step, { kind: "fulfillment" }> => s.kind === "fulfillment")?.at ?? order.steps[0]!.at;
  const last = order.steps[order.steps.length - 1]!.at;
  const ticketId = 50_000 + order.index;
  const write = (at: number, subject: string, texts: readonly string[]): SimTicket => ({ at, ticketId, subject, text: pick(r, texts).replace("{name}", order.name) });
  switch (order.fate) {
    case "late":
    case "stalled":
    case "carrier_delay":
      if (r() >= 0.5) return null;
      return write(shipped + 4 * DAY + r() * DAY, "Where is my order?", r() < 0.1 ? ANGRY : WISMO);
    case "lost":
      return r() < 0.7 ? write(last + 6 * HOUR, "Lost parcel", LOST) : null;
    case "damaged":
      return r() < 0.7 ? write(last + 6 * HOUR, "Damaged order", DAMAGED) : null;
    case "on_time": {
      const x = r();
      if (x < 0.03) return write(last + 2 * DAY, "Returns", RETURNS);
      if (x < 0.05) return write(last + 3 * DAY, "Product question", PRODUCT);
      return null;
    }
    default:
      return null;
  }
}
