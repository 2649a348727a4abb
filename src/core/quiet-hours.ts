import { z } from "zod";
import { firstInstantAtWall, wallClockMs } from "./wall-clock.js";

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");

/** No customer-facing messages on these channels between `start` and `end`, local time. */
export const QuietHours = z.object({
  start: HhMm,
  end: HhMm,
  /** Outbox channels the window applies to, e.g. an SMS channel; internal alerts never wait. */
  channels: z.array(z.string().min(1)).min(1),
});
export type QuietHours = z.infer<typeof QuietHours>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * When a message on `channel` may go out: null if now is outside the quiet window, else the end of
 * the window (as an instant). Windows may span midnight (21:00–08:00). The end is the local time
 * itself, not now plus the minutes left: on the night a clock changes those differ by an hour (a
 * message sent at 07:00 when autumn's clock goes back, held until 09:00 in spring). A window that
 * ends in the hour a clock skips ends at the skip.
 */
export function quietUntil(now: Date, channel: string, quiet: QuietHours | undefined, timeZone: string): Date | null {
  if (!quiet || !quiet.channels.includes(channel)) return null;
  const wall = wallClockMs(now.getTime(), timeZone);
  const today = Math.floor(wall / DAY_MS) * DAY_MS;
  const m = Math.floor((wall - today) / MINUTE_MS);
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  const inside = s < e ? m >= s && m < e : s > e ? m >= s || m < e : false;
  if (!inside) return null;
  // Before the end's minute, the window ends today; past it (a window that spans midnight, in its evening), tomorrow.
  const wallEnd = today + (e > m ? 0 : DAY_MS) + e * MINUTE_MS;
  const end = firstInstantAtWall(wallEnd, timeZone);
  // An end in the hour autumn's clock repeats, read in its second pass: the first reading of the
  // end is behind us, and the window ends at the second, the wall time left from now.
  return new Date(end > now.getTime() ? end : now.getTime() + (wallEnd - wall));
}

/**
 * The zone a customer's night is kept in: the one their order ships to (the journey's
 * `customerTimeZone`), else the shop's. Both places that hold messages back (the dispatcher's
 * channel windows and the send check for SMS-capable metrics) ask this.
 */
export function quietHoursZone(customerTimeZone: string | null | undefined, shopTimeZone: string): { timeZone: string; customers: boolean } {
  return customerTimeZone ? { timeZone: customerTimeZone, customers: true } : { timeZone: shopTimeZone, customers: false };
}
