import { remember } from "./memo.js";

/**
 * Parsed timestamps, remembered. A fold compares the same few instants (order date, scan times,
 * carrier estimates, deadlines) again at every arrival of its order, and parsing them was a
 * tenth of a fold's time.
 */
const parsed = new Map<string, number>();
const LIMIT = 50_000;

/** `Date.parse(iso)`, which is `new Date(iso).getTime()`: NaN when `iso` is no date. */
export function instantMs(iso: string): number {
  return remember(parsed, iso, LIMIT, Date.parse);
}
