import { describe, expect, it } from "vitest";
import { REGION_TIME_ZONES, timeZoneOfRegion } from "../../src/core/region-time-zone.js";

describe("timeZoneOfRegion", () => {
  it("resolves a country that spans zones by its province", () => {
    expect(timeZoneOfRegion({ countryCode: "US", provinceCode: "KY" })).toBe("America/New_York");
    expect(timeZoneOfRegion({ countryCode: "US", provinceCode: "TX" })).toBe("America/Chicago");
    expect(timeZoneOfRegion({ countryCode: "US", provinceCode: "AZ" })).toBe("America/Phoenix");
    expect(timeZoneOfRegion({ countryCode: "us", provinceCode: "ca" })).toBe("America/Los_Angeles");
    expect(timeZoneOfRegion({ countryCode: "CA", provinceCode: "BC" })).toBe("America/Vancouver");
    expect(timeZoneOfRegion({ countryCode: "AU", provinceCode: "WA" })).toBe("Australia/Perth");
  });

  it("takes a one-zone country as it is, and a country's main zone where one holds most of it", () => {
    expect(timeZoneOfRegion({ countryCode: "GB", provinceCode: null })).toBe("Europe/London");
    expect(timeZoneOfRegion({ countryCode: "DE", provinceCode: "BE" })).toBe("Europe/Berlin");
    expect(timeZoneOfRegion({ countryCode: "MX", provinceCode: "JAL" })).toBe("America/Mexico_City");
    expect(timeZoneOfRegion({ countryCode: "MX", provinceCode: "BC" })).toBe("America/Tijuana");
  });

  it("does not guess: a zone-spanning country without a known province, or an unlisted country, has none", () => {
    expect(timeZoneOfRegion({ countryCode: "US", provinceCode: null })).toBeNull();
    expect(timeZoneOfRegion({ countryCode: "CA", provinceCode: "XX" })).toBeNull();
    expect(timeZoneOfRegion({ countryCode: "RU", provinceCode: "MOW" })).toBeNull();
    expect(timeZoneOfRegion({ countryCode: null, provinceCode: "KY" })).toBeNull();
    expect(timeZoneOfRegion(null)).toBeNull();
    expect(timeZoneOfRegion(undefined)).toBeNull();
  });

  it("names only zones the runtime knows", () => {
    expect(REGION_TIME_ZONES.length).toBeGreaterThan(80);
    for (const timeZone of REGION_TIME_ZONES) expect(() => new Intl.DateTimeFormat("en", { timeZone }), timeZone).not.toThrow();
  });
});
