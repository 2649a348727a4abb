import { z } from "zod";

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

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const h = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const m = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return h * 60 + m;
}

/**
 * When a message on `channel` may go out: null if now is outside the quiet window, else the end of
 * the window (as an instant). Windows may span midnight (21:00–08:00).
 */
export function quietUntil(now: Date, channel: string, quiet: QuietHours | undefined, timeZone: string): Date | null {
  if (!quiet || !quiet.channels.includes(channel)) return null;
  const m = localMinutes(now, timeZone);
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  const inside = s < e ? m >= s && m < e : s > e ? m >= s || m < e : false;
  if (!inside) return null;
  const wait = (e - m + 1440) % 1440;
  const end = new Date(now.getTime() + wait * 60_000);
  end.setUTCSeconds(0, 0);
  return end;
}

/**
 * The zone a customer's night is kept in: the one their order ships to (the journey's
 * `customerTimeZone`), else the shop's. Both places that hold messages back (the dispatcher's
 * channel windows and the send check for SMS-capable metrics) ask this.
 */
export function quietHoursZone(customerTimeZone: string | null | undefined, shopTimeZone: string): { timeZone: string; customers: boolean } {
  return customerTimeZone ? { timeZone: customerTimeZone, customers: true } : { timeZone: shopTimeZone, customers: false };
}
