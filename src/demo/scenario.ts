import { DAY, HOUR } from "../core/clock.js";
import { between, pick } from "../core/random.js";

/** What happens to one simulated order, as a list of timed steps. Pure: seeded random in, script out. */
export type Fate = "on_time" | "stalled" | "carrier_delay" | "late" | "lost" | "damaged" | "returned_to_sender" | "failed_attempt";

export type ScanStatus = "pre_transit" | "in_transit" | "out_for_delivery" | "delivered" | "return_to_sender" | "failure" | "available_for_pickup";

export type Step =
  | { at: number; kind: "order" }
  | { at: number; kind: "fulfillment" }
  | { at: number; kind: "scan"; status: ScanStatus; detail: string; message: string; estimate: number | null };

export interface SimOrder {
  index: number;
  orderId: string;
  name: string;
  email: string;
  customerId: string;
  total: string;
  carrier: "USPS" | "UPS" | "FedEx";
  trackingNumber: string;
  provider: "easypost" | "aftership";
  fate: Fate;
  steps: Step[];
}

const FIRST_NAMES = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Katherine", "Dennis", "Barbara", "Ken", "Frances"];
const PRODUCTS = [
  { sku: "FB-TEE-BLK-M", title: "Firebreak Tee — Black / M", price: "32.00" },
  { sku: "FB-HOOD-GRY-L", title: "Ember Hoodie — Grey / L", price: "78.00" },
  { sku: "FB-MUG-01", title: "Campfire Mug", price: "18.00" },
  { sku: "FB-LANTERN", title: "Trail Lantern", price: "124.00" },
  { sku: "FB-SOCKS-3", title: "Wool Socks (3-pack)", price: "26.00" },
];

/** About 15% of shipments run late and 2% hit an exception, as in a typical small store. */
function chooseFate(r: () => number): Fate {
  const x = r();
  if (x < 0.02) return pick(r, ["lost", "damaged", "returned_to_sender", "failed_attempt"] as const);
  if (x < 0.07) return "stalled";
  if (x < 0.12) return "carrier_delay";
  if (x < 0.17) return "late";
  return "on_time";
}

export function simOrder(index: number, placedAt: number, r: () => number): SimOrder & { lineItems: typeof PRODUCTS } {
  const fate = chooseFate(r);
  const carrier = pick(r, ["USPS", "UPS", "FedEx"] as const);
  const items = PRODUCTS.filter(() => r() < 0.35);
  const lineItems = items.length ? items : [pick(r, PRODUCTS)];
  const total = lineItems.reduce((s, p) => s + Number(p.price), 0).toFixed(2);
  const n = 1001 + index;
  // Ids above 2^53, like Shopify's: they must survive as strings end to end.
  const orderId = (9007199254740993n + BigInt(index) * 7919n).toString();
  const customerNo = Math.floor(r() * Math.max(10, index / 2));
  const tracking = carrier === "UPS" ? `1Z${String(100000000 + index * 37).padStart(16, "0")}` : carrier === "FedEx" ? String(770000000000 + index * 13) : `9400${String(1100000000000000 + index * 101)}`;
  const base = {
    index,
    orderId,
    name: `#${n}`,
    email: `${pick(r, FIRST_NAMES).toLowerCase()}.${customerNo}@example.com`,
    customerId: String(7000000000000 + customerNo),
    total,
    carrier,
    trackingNumber: tracking,
    provider: r() < 0.8 ? ("easypost" as const) : ("aftership" as const),
    fate,
    lineItems,
  };
  const steps: Step[] = [{ at: placedAt, kind: "order" }];
  const shipAt = placedAt + between(r, 0.3, 1.4) * DAY;
  steps.push({ at: shipAt, kind: "fulfillment" });
  const transitDays = between(r, 2, 4);
  let estimate = shipAt + (transitDays + 0.5) * DAY;
  const scan = (at: number, status: ScanStatus, detail: string, message: string) => steps.push({ at, kind: "scan", status, detail, message, estimate });
  scan(shipAt + 0.5 * HOUR, "pre_transit", "label_created", "Shipping label created");
  let t = shipAt + between(r, 0.3, 0.8) * DAY;
  scan(t, "in_transit", "arrived_at_facility", "Picked up by carrier");
  const hops = Math.max(1, Math.round(transitDays) - 1);
  for (let i = 0; i < hops; i++) {
    t += between(r, 0.6, 1.0) * DAY;
    if (i === Math.floor(hops / 2)) {
      if (fate === "stalled") t += between(r, 6, 7) * DAY; // silence: no scan for days
      if (fate === "carrier_delay") {
        estimate += 3 * DAY;
        scan(t, "in_transit", "weather_delay", "Delay due to severe weather");
        t += 2 * DAY;
      }
      if (fate === "late") t += between(r, 4, 5) * DAY;
      if (fate === "lost") {
        scan(t, "failure", "lost", "Package lost in transit");
        return { ...base, steps };
      }
    }
    scan(t, "in_transit", "departed_facility", "Departed carrier facility");
  }
  t += between(r, 0.3, 0.6) * DAY;
  if (fate === "returned_to_sender") {
    scan(t, "return_to_sender", "return", "Returned to sender: undeliverable as addressed");
  } else if (fate === "damaged") {
    scan(t, "failure", "damaged", "Package damaged in transit");
  } else {
    scan(t, "out_for_delivery", "out_for_delivery", "Out for delivery");
    if (fate === "failed_attempt") {
      scan(t + 0.4 * DAY, "failure", "delivery_exception", "Delivery attempted: no one available");
    } else {
      scan(t + between(r, 0.2, 0.4) * DAY, "delivered", "arrived_at_destination", "Delivered, front door");
    }
  }
  return { ...base, steps };
}
