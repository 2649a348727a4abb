import { describe, expect, it } from "vitest";
import { DeliveryResult, parseRetryAfter } from "../../src/flows/delivery-result.js";

const now = new Date("2015-10-21T07:27:00.000Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1_500);
    expect(parseRetryAfter("2015", now)).toBe(2_015_000); // digits are seconds, never a year
  });
  it("reads the three HTTP-date forms of RFC 9110", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(60_000); // IMF-fixdate
    expect(parseRetryAfter("Wednesday, 21-Oct-15 07:28:00 GMT", now)).toBe(60_000); // RFC 850
    expect(parseRetryAfter("Wed Oct 21 07:28:00 2015", now)).toBe(60_000); // asctime: no zone, means GMT
  });
  it("treats a date in the past as now", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    for (const v of [undefined, null, "", "-5", "soon", "12abc", "Thu, 99 Foo 2015 25:61:00 GMT"]) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe("DeliveryResult", () => {
  it("accepts both arms and rejects a failure without a code", () => {
    expect(DeliveryResult.safeParse({ ok: true, status: 202 }).success).toBe(true);
    expect(DeliveryResult.safeParse({ ok: false, retryable: true, retryAfterMs: 1000, status: 429, code: "RATE_LIMITED", error: "x" }).success).toBe(true);
    expect(DeliveryResult.safeParse({ ok: false, retryable: true, error: "x" }).success).toBe(false);
  });
});
