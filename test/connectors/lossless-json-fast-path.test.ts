import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../../src/core/lossless-json.js";

/** The regex fast path must never alter a string, and must fall back to the careful walk when it would. */
describe("parseJsonLossless fast path", () => {
  it("leaves a long digit run inside a string untouched while still quoting the real ids", () => {
    const text = '{"id": 820982911946154508, "note": "ref: 12345678901234567890, then [99999999999999999999] ok", "ids": [820982911946154508,1]}';
    const r = parseJsonLossless(text);
    expect(r).toEqual({ ok: true, value: { id: "820982911946154508", note: "ref: 12345678901234567890, then [99999999999999999999] ok", ids: ["820982911946154508", 1] } });
  });

  it("keeps safe 16-digit integers as numbers and quotes a bare top-level unsafe one", () => {
    expect(parseJsonLossless("[1000000000000000, 9007199254740993]")).toEqual({ ok: true, value: [1000000000000000, "9007199254740993"] });
    expect(parseJsonLossless(" 9007199254740993 ")).toEqual({ ok: true, value: "9007199254740993" });
  });

  it("does not make a number in key position into a valid key", () => {
    expect(parseJsonLossless('{"a": 1, 12345678901234567890: 2}').ok).toBe(false);
  });
});
