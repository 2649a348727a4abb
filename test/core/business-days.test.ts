import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  businessDaysBetween,
  endOfLocalDate,
  endOfLocalDay,
  isBusinessDay,
  localDate,
} from "../../src/core/business-days.js";
import { BusinessCalendar } from "../../src/core/settings.js";
import { prng, shift } from "./builders.js";

const utc = BusinessCalendar.parse({});
const newYork = BusinessCalendar.parse({ timeZone: "America/New_York", holidays: ["2026-11-26", "2026-12-25"] });
const berlin = BusinessCalendar.parse({ timeZone: "Europe/Berlin", holidays: ["2026-12-24", "2026-12-25", "2026-12-26"] });
/** Open every day, so that the Sunday DST switch is itself a business day. */
const newYorkAllWeek = BusinessCalendar.parse({ timeZone: "America/New_York", closedWeekdays: [] });
const berlinAllWeek = BusinessCalendar.parse({ timeZone: "Europe/Berlin", closedWeekdays: [] });

describe("localDate and endOfLocalDay", () => {
  it.each([
    // instant, calendar, local date, last instant of that local day
    ["2026-11-02T14:00:00.000Z", utc, "2026-11-02", "2026-11-02T23:59:59.999Z"],
    ["2026-11-03T03:00:00.000Z", newYork, "2026-11-02", "2026-11-03T04:59:59.999Z"], // 22:00 EST the day before
    ["2026-07-01T03:59:59.999Z", newYork, "2026-06-30", "2026-07-01T03:59:59.999Z"], // the very last EDT instant
    ["2026-07-01T04:00:00.000Z", newYork, "2026-07-01", "2026-07-02T03:59:59.999Z"],
    ["2026-03-08T12:00:00.000Z", newYork, "2026-03-08", "2026-03-09T03:59:59.999Z"], // spring forward: 23 h day
    ["2026-11-01T12:00:00.000Z", newYork, "2026-11-01", "2026-11-02T04:59:59.999Z"], // fall back: 25 h day
    ["2026-03-29T12:00:00.000Z", berlin, "2026-03-29", "2026-03-29T21:59:59.999Z"],
    ["2026-10-25T12:00:00.000Z", berlin, "2026-10-25", "2026-10-25T22:59:59.999Z"],
    ["2026-10-24T22:30:00.000Z", berlin, "2026-10-25", "2026-10-25T22:59:59.999Z"],
    ["2026-06-15T12:00:00.000Z", BusinessCalendar.parse({ timeZone: "Asia/Kolkata" }), "2026-06-15", "2026-06-15T18:29:59.999Z"],
    ["2026-06-15T12:00:00.000Z", BusinessCalendar.parse({ timeZone: "Pacific/Kiritimati" }), "2026-06-16", "2026-06-16T09:59:59.999Z"],
    // Chile skips 00:00 → 01:00 at the start of 2026-09-06: the day before ends at the jump.
    ["2026-09-05T15:00:00.000Z", BusinessCalendar.parse({ timeZone: "America/Santiago" }), "2026-09-05", "2026-09-06T03:59:59.999Z"],
  ])("%s in %o", (iso, cal, date, end) => {
    expect(localDate(iso, cal)).toBe(date);
    expect(endOfLocalDay(iso, cal)).toBe(end);
    expect(localDate(end, cal)).toBe(date);
    expect(localDate(shift(end, 1), cal)).not.toBe(date);
  });

  it("endOfLocalDate names a calendar date, not an instant", () => {
    expect(endOfLocalDate("2026-11-10", newYork)).toBe("2026-11-11T04:59:59.999Z");
    expect(endOfLocalDate("2026-11-10", berlin)).toBe("2026-11-10T22:59:59.999Z");
  });
});

describe("addBusinessDays", () => {
  it.each([
    // from, n, calendar, expected end of day
    ["2026-11-02T14:00:00.000Z", 0, utc, "2026-11-02T23:59:59.999Z"], // Monday itself
    ["2026-11-07T14:00:00.000Z", 0, utc, "2026-11-09T23:59:59.999Z"], // Saturday rolls to Monday
    ["2026-11-02T14:00:00.000Z", 1, utc, "2026-11-03T23:59:59.999Z"],
    ["2026-11-02T14:00:00.000Z", 4, utc, "2026-11-06T23:59:59.999Z"], // Friday
    ["2026-11-02T14:00:00.000Z", 5, utc, "2026-11-09T23:59:59.999Z"], // over the weekend
    ["2026-11-06T23:00:00.000Z", 1, utc, "2026-11-09T23:59:59.999Z"], // Friday late → Monday
    ["2026-11-07T10:00:00.000Z", 1, utc, "2026-11-09T23:59:59.999Z"], // from a Saturday
    ["2026-11-02T14:00:00.000Z", 7, utc, "2026-11-11T23:59:59.999Z"],
    // Thanksgiving (Thu 26 Nov) is a holiday in the New York calendar.
    ["2026-11-25T15:00:00.000Z", 1, newYork, "2026-11-28T04:59:59.999Z"], // Wed → Fri 27th
    ["2026-11-25T15:00:00.000Z", 2, newYork, "2026-12-01T04:59:59.999Z"], // → Mon 30th
    // 02:00Z on Tuesday is still Monday evening in New York.
    ["2026-11-03T02:00:00.000Z", 1, newYork, "2026-11-04T04:59:59.999Z"],
    ["2026-11-03T02:00:00.000Z", 1, utc, "2026-11-04T23:59:59.999Z"],
    // Christmas in Berlin: 24–26 Dec closed, 26 and 27 are a weekend anyway.
    ["2026-12-23T10:00:00.000Z", 1, berlin, "2026-12-28T22:59:59.999Z"],
    // Across DST.
    ["2026-03-06T15:00:00.000Z", 1, newYork, "2026-03-10T03:59:59.999Z"], // Fri EST → Mon EDT
    ["2026-10-30T15:00:00.000Z", 1, newYork, "2026-11-03T04:59:59.999Z"], // Fri EDT → Mon EST
    ["2026-03-27T10:00:00.000Z", 1, berlin, "2026-03-30T21:59:59.999Z"], // Fri CET → Mon CEST
    ["2026-10-23T10:00:00.000Z", 1, berlin, "2026-10-26T22:59:59.999Z"], // Fri CEST → Mon CET
    ["2026-03-07T15:00:00.000Z", 1, newYorkAllWeek, "2026-03-09T03:59:59.999Z"], // the 23 h day itself
    ["2026-10-31T15:00:00.000Z", 1, newYorkAllWeek, "2026-11-02T04:59:59.999Z"], // the 25 h day itself
    ["2026-03-28T10:00:00.000Z", 1, berlinAllWeek, "2026-03-29T21:59:59.999Z"],
    ["2026-10-24T10:00:00.000Z", 1, berlinAllWeek, "2026-10-25T22:59:59.999Z"],
  ])("from %s + %i", (from, n, cal, expected) => {
    expect(addBusinessDays(from, n, cal)).toBe(expected);
  });

  it("rejects negative or fractional counts and a calendar with no open weekday", () => {
    expect(() => addBusinessDays("2026-11-02T00:00:00.000Z", -1, utc)).toThrow(RangeError);
    expect(() => addBusinessDays("2026-11-02T00:00:00.000Z", 1.5, utc)).toThrow(RangeError);
    const closed = BusinessCalendar.parse({ closedWeekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(() => addBusinessDays("2026-11-02T00:00:00.000Z", 1, closed)).toThrow(/no business day/);
    expect(() => addBusinessDays("not a date", 1, utc)).toThrow(RangeError);
  });
});

describe("businessDaysBetween", () => {
  it.each([
    ["2026-11-02T14:00:00.000Z", "2026-11-02T20:00:00.000Z", utc, 0],
    ["2026-11-02T14:00:00.000Z", "2026-11-02T10:00:00.000Z", utc, 0], // b before a
    ["2026-11-02T14:00:00.000Z", "2026-11-03T23:59:59.998Z", utc, 0], // Tuesday not over yet
    ["2026-11-02T14:00:00.000Z", "2026-11-03T23:59:59.999Z", utc, 1],
    ["2026-11-02T14:00:00.000Z", "2026-11-09T12:00:00.000Z", utc, 4], // Tue–Fri; Monday not over
    ["2026-11-06T18:00:00.000Z", "2026-11-09T23:59:59.999Z", utc, 1], // weekend does not count
    ["2026-11-25T15:00:00.000Z", "2026-11-30T12:00:00.000Z", newYork, 1], // only Fri 27th
    ["2026-11-25T15:00:00.000Z", "2026-11-30T12:00:00.000Z", utc, 2], // Thu and Fri
    ["2026-03-06T15:00:00.000Z", "2026-03-10T03:59:59.999Z", newYork, 1],
    ["2026-03-06T15:00:00.000Z", "2026-03-10T03:59:59.998Z", newYork, 0],
  ])("from %s to %s", (a, b, cal, expected) => {
    expect(businessDaysBetween(a, b, cal)).toBe(expected);
  });
});

describe("local dates around every transition of a year, against Intl itself", () => {
  // Zones that change by an hour at night, at local midnight (Santiago), by half an hour (Lord Howe),
  // at 02:45 with a 45-minute offset (Chatham), at a half-hour offset (St John's), and never
  // (Kathmandu); and Tehran in 2021, whose changes at local midnight fell at half past a UTC hour,
  // so that an hour read with one offset throughout would have put half an hour in the wrong day.
  const zones: Array<[string, number]> = [
    ["America/New_York", 2026],
    ["Europe/Berlin", 2026],
    ["America/Santiago", 2026],
    ["Australia/Lord_Howe", 2026],
    ["Pacific/Chatham", 2026],
    ["America/St_Johns", 2026],
    ["Asia/Kathmandu", 2026],
    ["Asia/Tehran", 2021],
  ];
  const HOUR = 3_600_000;
  const offsetAt = (ms: number, f: Intl.DateTimeFormat) => {
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour === 24 ? 0 : p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
  };

  it.each(zones)("%s in %i: every minute of the hours around each change of offset, and both sides of every hour", (timeZone, year) => {
    const cal = BusinessCalendar.parse({ timeZone });
    const ymd = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    const expectSame = (ms: number) => {
      const iso = new Date(ms).toISOString();
      expect(localDate(iso, cal), `${iso} in ${timeZone}`).toBe(ymd.format(new Date(ms)));
    };
    let changes = 0;
    for (let h = Date.UTC(year, 0, 1); h < Date.UTC(year + 1, 0, 1); h += HOUR) {
      expectSame(h - 1);
      expectSame(h);
      if (offsetAt(h, parts) === offsetAt(h + HOUR, parts)) continue;
      changes++;
      for (let m = h - HOUR; m <= h + 2 * HOUR; m += 60_000) {
        expectSame(m - 1);
        expectSame(m);
        expectSame(m + 30_000);
      }
    }
    expect(changes).toBe(timeZone === "Asia/Kathmandu" ? 0 : 2);
  });
});

describe("properties over seeded random dates", () => {
  const zones = ["UTC", "America/New_York", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/Santiago"];
  const start = Date.UTC(2020, 0, 1);
  const span = Date.UTC(2031, 0, 1) - start;

  function randomCalendar(random: () => number): BusinessCalendar {
    const closed = [1, 2, 3, 4, 5, 6, 7].filter(() => random() < 0.3);
    if (closed.length === 7) closed.pop();
    const holidays = Array.from({ length: Math.floor(random() * 12) }, () =>
      new Date(start + Math.floor(random() * span)).toISOString().slice(0, 10),
    );
    return BusinessCalendar.parse({ closedWeekdays: closed, holidays, timeZone: zones[Math.floor(random() * zones.length)] });
  }

  it("addBusinessDays lands on the last instant of an open day, n whole business days later", () => {
    const random = prng(20261102);
    for (let i = 0; i < 1500; i += 1) {
      const cal = randomCalendar(random);
      const from = new Date(start + Math.floor(random() * span)).toISOString();
      const n = Math.floor(random() * 15);
      const due = addBusinessDays(from, n, cal);
      const context = `${from} + ${n} in ${JSON.stringify(cal)} = ${due}`;
      expect(isBusinessDay(due, cal), context).toBe(true);
      expect(cal.holidays, context).not.toContain(localDate(due, cal));
      expect(endOfLocalDay(due, cal), context).toBe(due);
      expect(due >= from, context).toBe(true);
      if (n >= 1) {
        expect(businessDaysBetween(from, due, cal), context).toBe(n);
        expect(businessDaysBetween(from, shift(due, -1), cal), context).toBe(n - 1);
      } else {
        expect(businessDaysBetween(from, due, cal), context).toBeLessThanOrEqual(1);
      }
    }
  });

  it("endOfLocalDay is the last instant of the same local date", () => {
    const random = prng(7);
    for (let i = 0; i < 1500; i += 1) {
      const cal = randomCalendar(random);
      const at = new Date(start + Math.floor(random() * span)).toISOString();
      const end = endOfLocalDay(at, cal);
      const context = `${at} in ${cal.timeZone}`;
      expect(end >= at, context).toBe(true);
      expect(localDate(end, cal), context).toBe(localDate(at, cal));
      expect(localDate(shift(end, 1), cal), context).not.toBe(localDate(at, cal));
      expect(new Date(end).getTime() - new Date(at).getTime(), context).toBeLessThan(26 * 3_600_000);
    }
  });

  it("businessDaysBetween is monotone and splits at a midpoint within one day", () => {
    const random = prng(99);
    for (let i = 0; i < 800; i += 1) {
      const cal = randomCalendar(random);
      const times = [0, 1, 2].map(() => start + Math.floor(random() * (span / 40))).sort((x, y) => x - y);
      const [a, b, c] = times.map((t) => new Date(t).toISOString()) as [string, string, string];
      const whole = businessDaysBetween(a, c, cal);
      const split = businessDaysBetween(a, b, cal) + businessDaysBetween(b, c, cal);
      const context = `${a} ${b} ${c} in ${JSON.stringify(cal)}`;
      expect(businessDaysBetween(a, b, cal), context).toBeLessThanOrEqual(whole);
      // b's own local day is counted by neither half unless b is its last instant.
      expect([whole, whole - 1], context).toContain(split);
    }
  });
});
