import { instantMs } from "./instants.js";
import type { BusinessCalendar } from "./settings.js";
import { remember } from "./memo.js";
import { firstInstantAtWall, wallClockMs } from "./wall-clock.js";

/**
 * Business-day arithmetic in a shop's own time zone, with nothing but `Intl`.
 *
 * A local calendar date is handled as a "day number" (days since 1970-01-01 of that wall-clock
 * date), so stepping over days never touches time zones; only the conversion of an instant to its
 * local day and of a local day back to its last instant does, and DST lives entirely in there.
 */

const DAY_MS = 86_400_000;

function toMs(iso: string): number {
  const ms = instantMs(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${JSON.stringify(iso)}`);
  return ms;
}

/** Local calendar day (days since 1970-01-01) of an instant. */
function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor(wallClockMs(ms, timeZone) / DAY_MS);
}

/** First instant whose local date is `day` or later. */
function startOfLocalDayNumber(day: number, timeZone: string): number {
  return remember(dayStarts, `${timeZone}|${day}`, DAY_START_CACHE_LIMIT, () => firstInstantAtWall(day * DAY_MS, timeZone));
}

/** Replays fold many orders over the same few hundred days: remember where each day starts. */
const dayStarts = new Map<string, number>();
const DAY_START_CACHE_LIMIT = 20_000;

function endOfLocalDayNumber(day: number, timeZone: string): number {
  return startOfLocalDayNumber(day + 1, timeZone) - 1;
}

function dayNumberToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

interface OpenDays {
  isOpen(day: number): boolean;
  /** Memo of `addBusinessDays` walks: local day and n → the day reached. */
  walks: Map<number, number>;
  /** Memo of `addBusinessDays` itself: n → start instant → result. A fold asks again at every arrival. */
  results: Map<number, Map<string, string>>;
}

/** Per calendar object: settings are parsed once and shared, so a fold reuses its walks. */
const openDaysByCalendar = new WeakMap<BusinessCalendar, OpenDays>();
const WALK_CACHE_LIMIT = 50_000;
const RESULT_CACHE_LIMIT = 20_000;

function openDays(cal: BusinessCalendar): OpenDays {
  const known = openDaysByCalendar.get(cal);
  if (known !== undefined) return known;
  const closed = new Set(cal.closedWeekdays);
  // An all-closed week would make every walk below endless: a configuration error, not data.
  if ([1, 2, 3, 4, 5, 6, 7].every((weekday) => closed.has(weekday))) {
    throw new RangeError("business calendar closes all seven weekdays: no business day exists");
  }
  // Holidays as day numbers: the walk asks about every day it passes, and dates are strings.
  const holidays = new Set(cal.holidays.map((ymd) => Math.floor(Date.parse(`${ymd}T00:00:00.000Z`) / DAY_MS)));
  const open: OpenDays = { isOpen: (day) => !closed.has(isoWeekday(day)) && !holidays.has(day), walks: new Map(), results: new Map() };
  openDaysByCalendar.set(cal, open);
  return open;
}

/** The local calendar date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(iso: string, cal: BusinessCalendar): string {
  return dayNumberToDate(localDayNumber(toMs(iso), cal.timeZone));
}

/** Whether the local date of an instant is a business day. */
export function isBusinessDay(iso: string, cal: BusinessCalendar): boolean {
  return openDays(cal).isOpen(localDayNumber(toMs(iso), cal.timeZone));
}

/** Last instant (UTC ISO) of the local day that contains `iso`. */
export function endOfLocalDay(iso: string, cal: BusinessCalendar): string {
  return new Date(endOfLocalDayNumber(localDayNumber(toMs(iso), cal.timeZone), cal.timeZone)).toISOString();
}

/** Last instant (UTC ISO) of the local calendar date `ymd` (YYYY-MM-DD) in the calendar's zone. */
export function endOfLocalDate(ymd: string, cal: BusinessCalendar): string {
  const day = Math.floor(toMs(`${ymd}T00:00:00.000Z`) / DAY_MS);
  return new Date(endOfLocalDayNumber(day, cal.timeZone)).toISOString();
}

/**
 * The n-th business day after the local day of `fromIso`, as the last instant of that day: a
 * promise "by day X" is only missed once day X is over. With n = 0 it is the day itself when that
 * is a business day, else the next one, so the result never lands on a closed day.
 */
export function addBusinessDays(fromIso: string, n: number, cal: BusinessCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  const open = openDays(cal);
  let results = open.results.get(n);
  if (results === undefined) open.results.set(n, (results = new Map()));
  return remember(results, fromIso, RESULT_CACHE_LIMIT, () => walkBusinessDays(open, fromIso, n, cal));
}

function walkBusinessDays(open: OpenDays, fromIso: string, n: number, cal: BusinessCalendar): string {
  const start = localDayNumber(toMs(fromIso), cal.timeZone);
  // Days since 1970 fit in 17 bits and n is small: one number keys the walk.
  const day = n < 1024 ? remember(open.walks, start * 1024 + n, WALK_CACHE_LIMIT, () => walk(open, start, n)) : walk(open, start, n);
  return new Date(endOfLocalDayNumber(day, cal.timeZone)).toISOString();
}

/** The day `n` open days after `start` (or `start` itself, or the next open day, for n = 0). */
function walk(open: OpenDays, start: number, n: number): number {
  let day = start;
  if (n === 0) {
    while (!open.isOpen(day)) day += 1;
    return day;
  }
  let counted = 0;
  while (counted < n) {
    day += 1;
    if (open.isOpen(day)) counted += 1;
  }
  return day;
}

/**
 * Whole business days elapsed from `aIso` to `bIso`: business days after a's local day that are
 * over by b (b at or past their last instant). 0 when b ≤ a. Consistent with `addBusinessDays`:
 * for n ≥ 1, `businessDaysBetween(x, addBusinessDays(x, n)) === n`, and one ms earlier it is n − 1.
 */
export function businessDaysBetween(aIso: string, bIso: string, cal: BusinessCalendar): number {
  const a = toMs(aIso);
  const b = toMs(bIso);
  if (b <= a) return 0;
  const open = openDays(cal);
  const firstDay = localDayNumber(a, cal.timeZone) + 1;
  const bDay = localDayNumber(b, cal.timeZone);
  const lastDay = endOfLocalDayNumber(bDay, cal.timeZone) <= b ? bDay : bDay - 1;
  let count = 0;
  for (let day = firstDay; day <= lastDay; day += 1) if (open.isOpen(day)) count += 1;
  return count;
}
