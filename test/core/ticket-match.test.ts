import { describe, expect, it } from "vitest";
import { extractRefs } from "../../src/core/ticket-refs.js";
import { matchTicketOrders, type MatchEvidence } from "../../src/core/ticket-match.js";
import type { OrderRef } from "../../src/core/ticket.js";

const order = (orderId: string, name: string, email: string | null = "ada@example.com", createdAt = "2026-11-01T00:00:00.000Z"): OrderRef => ({ shop: "s", orderId, name, email, createdAt });
const none: MatchEvidence = { customerEmail: "ada@example.com", helpdeskLinks: [], byName: [], byTracking: [], byEmail: [] };

describe("extractRefs", () => {
  it("finds order numbers however customers write them", () => {
    const names = (s: string) => extractRefs(s).orderNames.map((n) => n.name);
    expect(names("Where is #1001?")).toEqual(["#1001", "1001"]);
    expect(names("my order 1002 has not come")).toEqual(["#1002", "1002"]);
    expect(names("Order number: #1003")).toEqual(["#1003", "1003"]);
    expect(names("order no. 1004")).toEqual(["#1004", "1004"]);
    expect(names("I ordered 3 shirts on 12 May")).toEqual([]);
  });

  it("finds tracking-number-shaped tokens with enough digits, not words or short numbers", () => {
    expect(extractRefs("tracking 1Z999AA10123456784 says nothing").trackingNumbers).toEqual(["1Z999AA10123456784"]);
    expect(extractRefs("USPS 9400111899223344556677").trackingNumbers).toEqual(["9400111899223344556677"]);
    expect(extractRefs("CUSTOMERSERVICE please, call 5551234").trackingNumbers).toEqual([]);
    expect(extractRefs("it says 1z827wk74630").trackingNumbers).toEqual(["1z827wk74630", "1Z827WK74630"]);
  });
});

describe("matchTicketOrders", () => {
  it("links by the helpdesk's Shopify link, order number and tracking number, strongest reason per order", () => {
    const links = matchTicketOrders({
      ...none,
      helpdeskLinks: [{ ref: "5001", order: null, orderId: "5001" }],
      byName: [{ seen: "#1001", order: order("5001", "#1001") }, { seen: "order 1002", order: order("5002", "#1002", "bob@example.com") }],
      byTracking: [{ trackingNumber: "1Z999AA10123456784", orderId: "5003" }],
      byEmail: [order("5009", "#1009")],
    });
    expect(links.map((l) => [l.orderId, l.reason])).toEqual([
      ["5001", "helpdesk_link"],
      ["5002", "order_number"],
      ["5003", "tracking_number"],
    ]);
    expect(links[1]!.detail).toContain("differs from the ticket's");
  });

  it("falls back to the customer's most recent order by email, and says so", () => {
    const links = matchTicketOrders({ ...none, byEmail: [order("5010", "#1010", "ada@example.com", "2026-11-02T00:00:00.000Z"), order("5009", "#1009")] });
    expect(links).toEqual([{ orderId: "5010", reason: "customer_email", detail: "ada@example.com has 2 orders and the ticket names none; linked the most recent, #1010" }]);
  });

  it("links nothing without evidence", () => {
    expect(matchTicketOrders(none)).toEqual([]);
    expect(matchTicketOrders({ ...none, customerEmail: null, byEmail: [order("1", "#1")] })).toEqual([]);
  });
});
