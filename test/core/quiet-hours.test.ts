import { describe, expect, it } from "vitest";
import { quietHoursZone, quietUntil, type QuietHours } from "../../src/core/quiet-hours.js";

const night: QuietHours = { start: "21:00", end: "08:00", channels: ["notify.sms"] };
const at = (iso: string) => new Date(iso);

describe("quiet hours", () => {
  it("holds a message on a quiet channel until the window ends, in the shop's time zone", () => {
    // 23:30 in New York (EST, UTC-5) → wait until 08:00 local = 13:00 UTC.
    expect(quietUntil(at("2026-11-03T04:30:00.000Z"), "notify.sms", night, "America/New_York")?.toISOString()).toBe("2026-11-03T13:00:00.000Z");
    // 06:15 local, still night.
    expect(quietUntil(at("2026-11-03T11:15:00.000Z"), "notify.sms", night, "America/New_York")?.toISOString()).toBe("2026-11-03T13:00:00.000Z");
  });

  it("lets it through outside the window, on other channels, or without a window", () => {
    expect(quietUntil(at("2026-11-03T13:00:00.000Z"), "notify.sms", night, "America/New_York")).toBeNull(); // 08:00 sharp
    expect(quietUntil(at("2026-11-03T01:59:00.000Z"), "notify.sms", night, "America/New_York")).toBeNull(); // 20:59
    expect(quietUntil(at("2026-11-03T04:30:00.000Z"), "alert.team", night, "America/New_York")).toBeNull();
    expect(quietUntil(at("2026-11-03T04:30:00.000Z"), "notify.sms", undefined, "America/New_York")).toBeNull();
  });

  it("handles a window inside one day", () => {
    const lunch: QuietHours = { start: "12:00", end: "13:30", channels: ["c"] };
    expect(quietUntil(at("2026-11-03T12:10:00.000Z"), "c", lunch, "UTC")?.toISOString()).toBe("2026-11-03T13:30:00.000Z");
    expect(quietUntil(at("2026-11-03T13:30:00.000Z"), "c", lunch, "UTC")).toBeNull();
  });
});

describe("quiet hours on the nights a clock changes", () => {
  it("ends at 08:00 local when autumn's clock goes back in the night, not an hour early", () => {
    // 22:00 EDT on 31 October; at 02:00 EDT the clock goes back to 01:00 EST, so 08:00 is 11 hours away, not 10.
    expect(quietUntil(at("2026-11-01T02:00:00.000Z"), "notify.sms", night, "America/New_York")?.toISOString()).toBe("2026-11-01T13:00:00.000Z");
  });

  it("ends at 08:00 local when spring's clock goes forward in the night, not an hour late", () => {
    // 22:00 EST on 7 March; at 02:00 EST the clock goes forward to 03:00 EDT, so 08:00 is 9 hours away.
    expect(quietUntil(at("2026-03-08T03:00:00.000Z"), "notify.sms", night, "America/New_York")?.toISOString()).toBe("2026-03-08T12:00:00.000Z");
  });

  it("ends at the skip when the window ends in the hour the clock skips", () => {
    const early: QuietHours = { start: "01:00", end: "02:30", channels: ["notify.sms"] };
    // 01:30 EST; 02:30 never happens that night: the clock reads 03:00 EDT at 07:00 UTC.
    expect(quietUntil(at("2026-03-08T06:30:00.000Z"), "notify.sms", early, "America/New_York")?.toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("ends a window that ends in the hour autumn's clock repeats at the reading still to come", () => {
    const late: QuietHours = { start: "21:00", end: "01:30", channels: ["notify.sms"] };
    // 01:10 EDT, the first pass: the window ends at 01:30 EDT.
    expect(quietUntil(at("2026-11-01T05:10:00.000Z"), "notify.sms", late, "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // 01:10 EST, the second pass: 01:30 EDT is behind us; it ends at 01:30 EST, not at an instant already past.
    expect(quietUntil(at("2026-11-01T06:10:00.000Z"), "notify.sms", late, "America/New_York")?.toISOString()).toBe("2026-11-01T06:30:00.000Z");
  });

  it.each(["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"])("in %s, every half hour of 2026 inside the window is held until Intl itself reads 08:00", (timeZone) => {
    const hhmm = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 30 * 60_000) {
      const until = quietUntil(new Date(ms), "notify.sms", night, timeZone);
      const local = hhmm.format(new Date(ms));
      expect(until === null, `${new Date(ms).toISOString()} reads ${local}`).toBe(local >= "08:00" && local < "21:00");
      if (until === null) continue;
      expect(hhmm.format(until), `${new Date(ms).toISOString()} held until ${until.toISOString()}`).toBe("08:00");
      expect(until.getTime() - ms).toBeGreaterThan(0);
      // An 11-hour night, one hour longer when the clock goes back in it.
      expect(until.getTime() - ms).toBeLessThanOrEqual(12 * 3_600_000);
    }
  });
});

describe("quiet hours' end, for windows that end where clocks change", () => {
  const windows: QuietHours[] = [
    { start: "22:00", end: "01:30", channels: ["c"] },
    { start: "00:30", end: "02:30", channels: ["c"] },
    { start: "01:00", end: "03:00", channels: ["c"] },
  ];
  it.each(["America/New_York", "Australia/Lord_Howe", "Europe/London"])("in %s, every ten minutes of 2026: a message held is held until a later instant, at most a day away, that is outside the window", (timeZone) => {
    for (const w of windows) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 10 * 60_000) {
        const until = quietUntil(new Date(ms), "c", w, timeZone);
        if (until === null) continue;
        const where = `${w.start}–${w.end} at ${new Date(ms).toISOString()}: ${until.toISOString()}`;
        expect(until.getTime() > ms && until.getTime() - ms <= 25 * 3_600_000, where).toBe(true);
        expect(quietUntil(until, "c", w, timeZone), where).toBeNull();
      }
    }
  });
});

describe("quietHoursZone", () => {
  it("keeps the customer's night where the order names their zone, else the shop's", () => {
    expect(quietHoursZone("America/Los_Angeles", "Europe/London")).toEqual({ timeZone: "America/Los_Angeles", customers: true });
    expect(quietHoursZone(null, "Europe/London")).toEqual({ timeZone: "Europe/London", customers: false });
    expect(quietHoursZone(undefined, "Europe/London")).toEqual({ timeZone: "Europe/London", customers: false }); // a journey stored before the zone was kept
  });
});
