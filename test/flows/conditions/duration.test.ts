import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { parseDuration } from "../../../src/flows/conditions/index.js";

describe("parseDuration", () => {
  test.each([
    ["30s", 30_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["3d", 259_200_000],
    ["1w", 604_800_000],
    ["1h30m", 5_400_000],
    ["1d12h", 129_600_000],
    ["1w2d3h4m5s", 604_800_000 + 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5000],
    [" 24h ", 86_400_000],
    ["90m", 5_400_000],
  ])("%j → %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  test.each(["", "30", "s", "1.5h", "30m1h", "1h1h", "-1h", "1y", "1 h", "1H", "0s", "0h0m", "99999999999999999w"])("%j is refused", (text) => {
    const r = parseDuration(text);
    expect(r).toMatchObject({ ok: false, code: "DURATION_INVALID" });
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });

  test("a refusal names the text and shows the format", () => {
    expect(parseDuration("2 days")).toEqual({
      ok: false,
      code: "DURATION_INVALID",
      message: '"2 days" is not a duration; write whole numbers with a unit, largest first: "30s", "15m", "2h", "3d", "1w" or "1h30m"',
    });
  });

  test("composes: the parts add up", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100), (w, d, h, m, s) => {
        fc.pre(w + d + h + m + s > 0);
        const text = `${w}w${d}d${h}h${m}m${s}s`;
        expect(parseDuration(text)).toEqual({ ok: true, ms: ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000 });
      }),
    );
  });
});
