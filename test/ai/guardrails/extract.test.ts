import { describe, expect, it } from "vitest";
import { findDates, findLoneWeekdays } from "../../../src/ai/guardrails/extract/dates.js";
import { findOrderNumbers, findTrackingLike, findUrls } from "../../../src/ai/guardrails/extract/identifiers.js";
import { findMoney } from "../../../src/ai/guardrails/extract/money.js";
import { numbersIn } from "../../../src/ai/text/numbers.js";

describe("findDates", () => {
  it.each([
    ["2026-03-03", { month: 3, day: 3, year: 2026, weekday: null }],
    ["March 3", { month: 3, day: 3, year: null, weekday: null }],
    ["Mar. 3rd", { month: 3, day: 3, year: null, weekday: null }],
    ["Tuesday, March 3", { month: 3, day: 3, year: null, weekday: 2 }],
    ["Tue, Mar 3, 2026", { month: 3, day: 3, year: 2026, weekday: 2 }],
    ["3 March", { month: 3, day: 3, year: null, weekday: null }],
    ["the 3rd of March", { month: 3, day: 3, year: null, weekday: null }],
    ["3/3", { month: 3, day: 3, year: null, weekday: null }],
    ["12/24/26", { month: 12, day: 24, year: 2026, weekday: null }],
  ])("reads %s", (text, expected) => {
    expect(findDates(`It arrives ${text}.`)).toEqual([expect.objectContaining(expected)]);
  });

  it("skips impossible dates, ranges and amounts", () => {
    expect(findDates("Open 24/7, ships in 1-2 business days, costs $6.95, rated 4.5/5.")).toEqual([]);
  });

  it("finds weekdays named on their own, not those inside a date", () => {
    expect(findLoneWeekdays("Tuesday, March 3 or maybe Friday").map((w) => w.text)).toEqual(["Friday"]);
  });
});

describe("findMoney", () => {
  it("reads symbols, codes and words, with thousands separators", () => {
    expect(findMoney("$6.95, USD 1,204.50, 84 dollars, €12 and 30 days").map((m) => m.cents)).toEqual([695, 120450, 8400, 1200]);
  });
});

describe("identifiers", () => {
  it("finds order numbers in their written forms", () => {
    expect(findOrderNumbers("Order #1042, order number 1043, order no. 1044, and 30 days")).toEqual(["1042", "1043", "1044"]);
  });

  it("finds tracking-shaped tokens, not placeholders, dates or plain words", () => {
    expect(findTrackingLike("1Z999AA10123456784, 9400111899223817261234, [EMAIL_1], 2026-03-03, MERINO, SKU-12, JD014600006281230702")).toEqual([
      "1Z999AA10123456784",
      "9400111899223817261234",
      "JD014600006281230702",
    ]);
  });

  it("finds links without the full stop after them", () => {
    expect(findUrls("Track it at https://www.ups.com/track?tracknum=1Z9. Thanks")).toEqual(["https://www.ups.com/track?tracknum=1Z9"]);
  });
});

describe("numbersIn", () => {
  it("reads digits, ranges and number words alike", () => {
    expect(numbersIn("within thirty days, 5-7 business days, ninety-day returns, $6.95, one size")).toEqual(["5", "7", "6.95", "30", "90"]);
  });
});
