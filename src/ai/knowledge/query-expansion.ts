/**
 * Customers ask in question idioms ("how long", "how much") that BM25 cannot match, because the
 * help centre answers in other words ("within 30 days", "costs $6.95"). These few idioms add the
 * vocabulary of their answers to the query; everything else is left to BM25.
 */
const IDIOMS: readonly [RegExp, string][] = [
  [/\bhow long\b|\bhow many days\b|\bhow soon\b/i, "days"],
  [/\bhow much\b|\bprice\b|\bcharge\b/i, "cost"],
  [/\bwhere is my (order|package|parcel)\b|\btrack/i, "tracking carrier scan"],
  [/\bsend (it )?back\b/i, "return"],
  // Shipping out is the warehouse's part; arriving is the carrier's.
  [/\b(until|when)\b.{0,30}\bship(s|ped)?\b|\bdispatch/i, "processing packed"],
];

export function expandQuery(query: string): string {
  const extra = IDIOMS.filter(([re]) => re.test(query)).map(([, terms]) => terms);
  return extra.length > 0 ? `${query} ${extra.join(" ")}` : query;
}
