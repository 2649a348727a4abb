/** Order numbers as replies write them: "#1042", "order 1042", "order number 1042". */
export function findOrderNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w&])#(\d{3,})\b/g)) found.add(m[1] ?? "");
  for (const m of text.matchAll(/\border\s+(?:number\s+|no\.?\s*)?#?(\d{3,})\b/gi)) found.add(m[1] ?? "");
  return [...found];
}

/**
 * Tokens shaped like carrier tracking numbers: 8-34 upper-case letters and digits with at least
 * two digits, or 10+ digits (UPS 1Z…, USPS 94…, DHL, FedEx). Placeholders like [EMAIL_1] and
 * ISO dates are not tokens of this shape.
 */
export function findTrackingLike(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w#/[.-])[A-Z0-9]{8,34}(?![\w\]])/g)) {
    const t = m[0];
    const digits = t.replace(/\D/g, "").length;
    if (digits >= 2 && (/[A-Z]/.test(t) || digits >= 10)) found.add(t);
  }
  return [...found];
}

export function findUrls(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>()"'\]]+/gi)].map((m) => m[0].replace(/[.,;:!?]+$/, ""));
}
