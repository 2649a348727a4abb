import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDate } from "../../../src/ai/drafts/format.js";
import { factsMatch } from "../../../src/ai/guardrails/facts-match.js";
import { context, draft, orderFacts, passageById, shipment } from "../builders.js";

const ctx = context();
const check = (text: string, c = ctx) => factsMatch(draft(text), c);

describe("facts-match", () => {
  it("passes a reply that states the order's own number, tracking, link, dates and total", () => {
    const r = check(
      "Order #1042 is with UPS (tracking 1Z999AA10123456784, https://www.ups.com/track?tracknum=1Z999AA10123456784). " +
        "It shipped 2/27 and should arrive Tuesday, March 3 (2026-03-03). You paid $142.00, including $6.95 shipping.",
    );
    expect(r).toMatchObject({ name: "facts-match", ok: true, offending: [] });
  });

  it.each([
    ["a wrong date", "It should arrive on March 5.", "March 5"],
    ["a wrong date in ISO form", "Expected delivery: 2026-03-04.", "2026-03-04"],
    ["a wrong numeric date", "Expected delivery: 3/4.", "3/4"],
    ["the right day with the wrong weekday", "It should arrive Wednesday, March 3.", "Wednesday, March 3"],
    ["the right day in the wrong year", "It should arrive March 3, 2025.", "March 3, 2025"],
    ["a lone weekday no fact falls on", "It should be with you by Sunday.", "Sunday"],
    ["an invented tracking number", "Your tracking number is 1Z999AA10123456785.", "1Z999AA10123456785"],
    ["an invented all-digit tracking number", "Track it with 9400111899223817269999.", "9400111899223817269999"],
    ["an invented tracking link", "Follow it at https://www.ups.com/track?tracknum=1ZFAKE.", "https://www.ups.com/track?tracknum=1ZFAKE"],
    ["another order's number", "Your order #1043 is on its way.", "1043"],
    ["an order number written in words", "Order number 1099 is on its way.", "1099"],
    ["a wrong amount", "Your order total was $124.00.", "$124.00"],
    ["an amount in another form", "Your order total was 142.50 USD.", "142.50 USD"],
  ])("fails on %s, naming it", (_, text, offending) => {
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.offending).toContain(offending);
    expect(r.reason).toContain(offending);
  });

  it("accepts figures the retrieved passages state (policy fees), not others", () => {
    const withFees = context({ passages: [passageById("returns-policy#return-shipping-fee")] });
    expect(check("A prepaid return label costs $6.95.", withFees).ok).toBe(true);
    expect(check("A prepaid return label costs $4.95.", withFees).ok).toBe(false);
  });

  it("fails every date of a reply when the ticket has no order attached", () => {
    expect(check("It should arrive on Tuesday, March 3.", context({ facts: null })).ok).toBe(false);
  });

  it("passes any fact date in any written form, and fails it shifted by any number of days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 4 }), (dayOffset, shift, form) => {
        const iso = new Date(Date.UTC(2024, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
        const shifted = new Date(Date.parse(`${iso}T00:00:00Z`) + shift * 86_400_000).toISOString().slice(0, 10);
        const c = context({ facts: orderFacts({ orderedOn: null, shipments: [shipment({ shippedOn: null, expectedDelivery: iso })] }) });
        const write = (d: string) => {
          const [y, m, day] = d.split("-").map(Number) as [number, number, number];
          const long = formatDate(d);
          return [d, long, long.split(", ")[1]!, `${m}/${day}`, `${long}, ${y}`][form]!;
        };
        expect(check(`It should arrive ${write(iso)}.`, c).ok).toBe(true);
        // A shift of a whole number of years keeps month and day; only forms with a year or weekday can tell.
        const sameMonthDay = shifted.slice(5) === iso.slice(5);
        if (!sameMonthDay) expect(check(`It should arrive ${write(shifted)}.`, c).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("facts-match, generated inventions", () => {
  it("fails any invented UPS-style tracking number and any amount the order does not hold", () => {
    const upsLike = fc.stringMatching(/^[0-9A-Z]{16}$/).map((s) => `1Z${s}`);
    const cents = fc.integer({ min: 1, max: 100_000 }).filter((c) => ![14_200, 13_505, 695].includes(c));
    fc.assert(
      fc.property(upsLike, cents, (tn, c) => {
        fc.pre(tn !== "1Z999AA10123456784");
        expect(check(`Your tracking number is ${tn}.`).offending).toEqual([tn]);
        const amount = `$${(c / 100).toFixed(2)}`;
        expect(check(`Your total was ${amount}.`).offending).toEqual([amount]);
      }),
      { numRuns: 300 },
    );
  });
});
