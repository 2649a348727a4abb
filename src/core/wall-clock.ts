import { remember } from "./memo.js";

/**
 * An instant's wall-clock reading in a time zone, with nothing but `Intl`, written as if that
 * reading were UTC (milliseconds), and back. Business days and quiet hours both need it.
 */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const HOUR_MS = 3_600_000;

/**
 * Each zone's offset from UTC (wall clock minus instant) through each hour of UTC, or NaN for an
 * hour a transition falls inside. Offsets change only at transitions, at most once in an hour: an
 * hour whose first and last milliseconds read the same offset has it throughout. A fold asks for
 * the local day of every scan it passes (each its own instant, so business days' memo of results
 * misses), and `formatToParts` took about 7 µs each: in a shop's own zone, 22,000 of them in a
 * replay of 20,000 events, against a few hundred hours.
 */
const offsetsByHour = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 50_000;

/** The wall-clock reading of instant `ms` in `timeZone`, written as if that reading were UTC. */
export function wallClockMs(ms: number, timeZone: string): number {
  // In UTC the wall clock is the instant itself; Intl is the most expensive step of a fold.
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return ms;
  let byHour = offsetsByHour.get(timeZone);
  if (byHour === undefined) offsetsByHour.set(timeZone, (byHour = new Map()));
  const offset = remember(byHour, Math.floor(ms / HOUR_MS), OFFSET_CACHE_LIMIT, (hour) => {
    const first = hour * HOUR_MS;
    const last = first + HOUR_MS - 1;
    const atFirst = intlWallClockMs(first, timeZone) - first;
    return intlWallClockMs(last, timeZone) - last === atFirst ? atFirst : Number.NaN;
  });
  return Number.isNaN(offset) ? intlWallClockMs(ms, timeZone) : ms + offset;
}

/** `wallClockMs` read from Intl itself. */
function intlWallClockMs(ms: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    const value = Number(part.value);
    if (part.type === "year") year = value;
    else if (part.type === "month") month = value;
    else if (part.type === "day") day = value;
    else if (part.type === "hour") hour = value === 24 ? 0 : value; // some ICU builds say 24 at midnight
    else if (part.type === "minute") minute = value;
    else if (part.type === "second") second = value;
  }
  const millis = ((ms % 1000) + 1000) % 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) + millis;
}

/**
 * The first instant whose wall clock in `timeZone` reads `wall` or later, for a reading the clock
 * passes once; the offset guess finds it. A reading the clock skips (spring) has no instant: the
 * answer is the skip itself, which a search finds. A reading it repeats (autumn) has two, and the
 * answer is the one the guess lands on, which depends on the zone: callers that must not go back
 * in time check it (quiet hours do).
 */
export function firstInstantAtWall(wall: number, timeZone: string): number {
  const firstGuess = wall - (wallClockMs(wall, timeZone) - wall);
  const guess = wall - (wallClockMs(firstGuess, timeZone) - firstGuess);
  if (wallClockMs(guess, timeZone) >= wall && wallClockMs(guess - 1, timeZone) < wall) return guess;
  let lo = wall - 2 * DAY_MS; // reads earlier: no zone is 48 h ahead of UTC
  let hi = wall + 2 * DAY_MS; // reads `wall` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
