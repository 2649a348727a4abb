import { describe, expect, it } from "vitest";
import { extractEntities } from "../../src/ai/classify/entities.js";

describe("extractEntities", () => {
  it("reads Shopify order names in the ways customers write them", () => {
    expect(extractEntities("Where is #1001?").orderNumbers).toEqual(["#1001"]);
    expect(extractEntities("order number: 1002 and order #1003, also # 1004").orderNumbers.sort()).toEqual(["#1002", "#1003", "#1004"]);
    expect(extractEntities("my order no. SD-2041 never came").orderNumbers).toEqual(["#SD-2041"]);
    expect(extractEntities("I ordered 3 of them").orderNumbers).toEqual([]);
  });

  it("recognizes UPS and USPS formats without context", () => {
    const e = extractEntities("UPS 1Z999AA10123456784 and the other one 9400111899223197428490");
    expect(e.trackingNumbers).toEqual([
      { carrier: "ups", number: "1Z999AA10123456784" },
      { carrier: "usps", number: "9400111899223197428490" },
    ]);
    expect(extractEntities("9400 1118 9922 3197 4284 90 is the number").trackingNumbers).toEqual([{ carrier: "usps", number: "9400111899223197428490" }]);
  });

  it("reads bare-digit FedEx and DHL numbers only when the message talks about tracking", () => {
    expect(extractEntities("fedex tracking 123456789012").trackingNumbers).toEqual([{ carrier: "fedex", number: "123456789012" }]);
    expect(extractEntities("DHL waybill 1234567890").trackingNumbers).toEqual([{ carrier: "dhl", number: "1234567890" }]);
    // A US phone number is ten digits too.
    expect(extractEntities("call me on 5551234567 please").trackingNumbers).toEqual([]);
  });

  it("does not read an order number as a tracking number", () => {
    const e = extractEntities("tracking for purchase 113542617735902 please");
    expect(e.orderNumbers).toEqual(["#113542617735902"]);
    expect(e.trackingNumbers).toEqual([]);
  });

  it("finds emails, lower-cased and once each", () => {
    expect(extractEntities("I'm Jane.Doe+shop@Example.co.uk, not jane.doe+shop@example.co.uk or @handle").emails).toEqual(["jane.doe+shop@example.co.uk"]);
  });
});
