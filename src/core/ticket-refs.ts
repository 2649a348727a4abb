/** Order numbers and tracking numbers a customer wrote, as candidates for the store to confirm. */
export interface TextRefs {
  /** Order names to look up: "#1001" (and "1001" for shops whose names carry no "#"). */
  orderNames: Array<{ name: string; seen: string }>;
  trackingNumbers: string[];
}

// "#1001", "order 1001", "order no. 1001", "order number: #1001", "Bestellung 1001" is not covered on purpose.
const ORDER_NUMBER = /(?:#\s?|\border\s*(?:no\.?|nr\.?|number|num\.?|#)?\s*:?\s*#?\s?)(\d{3,12})\b/gi;
// Carrier tracking numbers are 10–35 letters and digits with plenty of digits (UPS 1Z…, USPS 94…, FedEx 12 digits).
const TRACKING = /\b[A-Za-z0-9]{10,35}\b/g;
const MAX_CANDIDATES = 20;

export function extractRefs(text: string): TextRefs {
  const names = new Map<string, { name: string; seen: string }>();
  for (const m of text.matchAll(ORDER_NUMBER)) {
    const n = m[1]!;
    const seen = m[0].trim();
    for (const name of [`#${n}`, n]) if (!names.has(name) && names.size < MAX_CANDIDATES) names.set(name, { name, seen });
  }
  const tracking = new Set<string>();
  for (const m of text.matchAll(TRACKING)) {
    const token = m[0];
    const digits = token.replace(/\D/g, "").length;
    // As typed, and upper-cased: customers copy numbers in whatever case, carriers print them upper-case.
    if (digits >= 8) for (const t of [token, token.toUpperCase()]) if (tracking.size < MAX_CANDIDATES) tracking.add(t);
  }
  return { orderNames: [...names.values()], trackingNumbers: [...tracking] };
}
