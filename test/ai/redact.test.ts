import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Redactor, redact } from "../../src/ai/redact.js";

describe("redact", () => {
  it("replaces emails, phones, cards, street addresses and known names with placeholders", () => {
    const r = redact(
      "Hi, this is Jane Doe (jane.doe+shop@example.com, (406) 555-0142). Ship to 1208 North Willow Street, Apt 4B. Card 4111 1111 1111 1111.",
      { names: ["Jane", "Doe"] },
    );
    expect(r.text).toBe(
      "Hi, this is [NAME_1] [NAME_2] ([EMAIL_1], [PHONE_1]). Ship to [ADDRESS_1]. Card [CARD_1].",
    );
    expect(r.found).toEqual([
      { kind: "email", placeholder: "[EMAIL_1]" },
      { kind: "card", placeholder: "[CARD_1]" },
      { kind: "phone", placeholder: "[PHONE_1]" },
      { kind: "address", placeholder: "[ADDRESS_1]" },
      { kind: "name", placeholder: "[NAME_1]" },
      { kind: "name", placeholder: "[NAME_2]" },
    ]);
  });

  it("catches international phones, PO boxes and ungrouped Luhn-valid card numbers", () => {
    const r = redact("Call +44 20 7946 0958 or write to PO Box 4410. My card is 5555555555554444.");
    expect(r.text).toBe("Call [PHONE_1] or write to [ADDRESS_1]. My card is [CARD_1].");
  });

  it("keeps order numbers, tracking numbers, dates and amounts", () => {
    const text = "Order #1042, tracking 1Z999AA10123456784 and 9400111899223817261234, due 2026-03-03, paid $84.95.";
    expect(redact(text, { keep: ["#1042", "1Z999AA10123456784", "9400111899223817261234"] }).text).toBe(text);
  });

  it("keeps a tracking number in `keep` even when it looks like a card number", () => {
    // 15 digits, Luhn-valid: a FedEx-style number that the card pattern would otherwise take.
    const tracking = "795111111111112";
    expect(redact(`Tracking ${tracking}`).text).toBe("Tracking [CARD_1]");
    expect(redact(`Tracking ${tracking}`, { keep: [tracking] }).text).toBe(`Tracking ${tracking}`);
  });

  it("gives the same value the same placeholder across texts of one conversation, whatever its spelling", () => {
    const r = new Redactor({ names: ["Jane"] });
    const a = r.redact("jane@example.com / 406-555-0142 / JANE");
    const b = r.redact("Again: 406.555.0142, Jane, JANE@EXAMPLE.COM, other@example.com");
    expect(a.text).toBe("[EMAIL_1] / [PHONE_1] / [NAME_1]");
    expect(b.text).toBe("Again: [PHONE_1], [NAME_1], [EMAIL_1], [EMAIL_2]");
    expect(r.restore("Thanks [NAME_1], we wrote to [EMAIL_2].")).toBe("Thanks JANE, we wrote to other@example.com.");
  });

  it("never lets a generated email or phone number through, and placeholders are stable", () => {
    const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom("com", "co.uk", "io")).map(([u, d, t]) => `${u}@${d}.${t}`);
    const phone = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 })).map(([a, b, c]) => `(${a}) ${b}-${String(c).padStart(4, "0")}`);
    fc.assert(
      fc.property(email, phone, fc.constantFrom("", "Hello! ", "Order #1001 — "), (e, p, prefix) => {
        const text = `${prefix}reach me at ${e} or ${p}; again ${e}.`;
        const r = redact(text);
        expect(r.text).not.toContain(e);
        expect(r.text).not.toContain(p);
        expect(r.text).toBe(`${prefix}reach me at [EMAIL_1] or [PHONE_1]; again [EMAIL_1].`);
      }),
      { numRuns: 200 },
    );
  });
});
