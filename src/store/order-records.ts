import type { OrderOutcomes, OrderRecords } from "./port.js";

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The port's order for `recordsForOrders` and `outcomesForOrders`, whatever order a backend gathered them in. */
export function sortOrderRecords<R extends OrderRecords | OrderOutcomes>(r: R): R {
  r.decisions.sort((a, b) => cmp(a.decidedAt, b.decidedAt) || cmp(a.id, b.id));
  r.runs.sort((a, b) => cmp(a.startedAt, b.startedAt) || cmp(a.id, b.id));
  r.outbox.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));
  return r;
}
