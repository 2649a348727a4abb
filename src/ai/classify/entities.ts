import type { Carrier, Entities } from "./classification.js";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** "#1001", "# 1001", "#SD-1001": how Shopify order names appear in messages. */
const ORDER_HASH = /(?<![\w&])#\s?([A-Z]{0,4}-?\d{3,15})\b/gi;
/** "order 1001", "order number: 1001", "order no. #1001", "purchase 1135…". */
const ORDER_WORD = /\b(?:order|purchase)\s*(?:number|nr\.?|no\.?|num|id)?\s*[:#]?\s*#?\s?([A-Z]{0,4}-?\d{3,15})\b/gi;

/** Carrier formats. The bare-digit ones (FedEx, DHL) also read as phone or order numbers, so they need context. */
const TRACKING: ReadonlyArray<{ carrier: Carrier; pattern: RegExp; needsContext: boolean }> = [
  { carrier: "ups", pattern: /\b1Z[0-9A-Z]{16}\b/gi, needsContext: false },
  { carrier: "usps", pattern: /\b9[2-5]\d{20}\b/g, needsContext: false },
  { carrier: "usps", pattern: /\b9[2-5]\d{2}(?: \d{4}){4} \d{2}\b/g, needsContext: false },
  { carrier: "fedex", pattern: /\b(?:\d{20}|\d{15}|\d{12})\b/g, needsContext: true },
  { carrier: "dhl", pattern: /\b\d{10}\b/g, needsContext: true },
];
const TRACKING_CONTEXT = /\b(?:track(?:ing)?|fedex|dhl|ups|usps|waybill|awb|shipment|parcel|package|label|carrier|courier)\b/i;

const unique = <T>(items: T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
};

export function extractEntities(text: string): Entities {
  const emails = unique([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase()), (s) => s);
  const orderDigits = new Set<string>();
  const orderNumbers = unique(
    [...text.matchAll(ORDER_HASH), ...text.matchAll(ORDER_WORD)].map((m) => {
      const name = m[1]!.toUpperCase();
      orderDigits.add(name.replace(/\D/g, ""));
      return `#${name}`;
    }),
    (s) => s,
  );
  const hasContext = TRACKING_CONTEXT.test(text);
  const claimed = new Set<string>();
  const trackingNumbers: Entities["trackingNumbers"] = [];
  for (const { carrier, pattern, needsContext } of TRACKING) {
    if (needsContext && !hasContext) continue;
    for (const m of text.matchAll(pattern)) {
      const number = m[0].replace(/\s/g, "").toUpperCase();
      if (claimed.has(number) || orderDigits.has(number) || [...claimed].some((c) => c.includes(number))) continue;
      claimed.add(number);
      trackingNumbers.push({ carrier, number });
    }
  }
  return { orderNumbers, trackingNumbers, emails };
}
