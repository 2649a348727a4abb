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

describe("quietHoursZone", () => {
  it("keeps the customer's night where the order names their zone, else the shop's", () => {
    expect(quietHoursZone("America/Los_Angeles", "Europe/London")).toEqual({ timeZone: "America/Los_Angeles", customers: true });
    expect(quietHoursZone(null, "Europe/London")).toEqual({ timeZone: "Europe/London", customers: false });
    expect(quietHoursZone(undefined, "Europe/London")).toEqual({ timeZone: "Europe/London", customers: false }); // a journey stored before the zone was kept
  });
});
