import { describe, expect, it } from "vitest";
import { combineStatus, DELAY_SUBTAGS, SUBTAG_MESSAGES, ShipmentSubtag, Subtag, subtagMessage, tagOfSubtag } from "../../src/core/shipment-status.js";

describe("AfterShip sub-status table", () => {
  it("names the codes the rules use with AfterShip's documented meanings", () => {
    expect(subtagMessage(Subtag.exceptionLost)).toBe("Shipment lost");
    expect(subtagMessage(Subtag.exceptionDamaged)).toBe("Shipment damage");
    expect(subtagMessage(Subtag.exceptionDelayed)).toBe("Delayed (External factors)");
    expect(subtagMessage(Subtag.exceptionAddress)).toBe("Incorrect Address");
    expect(subtagMessage(Subtag.exceptionReturnedToSender)).toBe("Returned to sender");
    expect(subtagMessage(Subtag.exceptionReturningToSender)).toBe("Returning to sender");
    expect(subtagMessage(Subtag.inTransitDelay)).toBe("Delayed (Processing issue)");
    expect(subtagMessage(Subtag.attemptFail)).toBe("Failed Attempt");
    expect(subtagMessage(Subtag.delivered)).toBe("Delivered");
  });

  it("every code in the table is well-formed and every Subtag constant is in the table", () => {
    for (const code of Object.keys(SUBTAG_MESSAGES)) expect(ShipmentSubtag.safeParse(code).success, code).toBe(true);
    for (const code of Object.values(Subtag)) expect(subtagMessage(code), code).not.toBeNull();
    for (const code of DELAY_SUBTAGS) expect(subtagMessage(code), code).toMatch(/^Delayed/);
  });

  it("returns null for codes it does not document, and for nothing", () => {
    expect(subtagMessage("Exception_014")).toBeNull();
    expect(subtagMessage("toString")).toBeNull();
    expect(subtagMessage(null)).toBeNull();
  });

  it("knows which tag a subtag belongs to", () => {
    expect(tagOfSubtag("Exception_013")).toBe("Exception");
    expect(tagOfSubtag("AvailableForPickup_001")).toBe("AvailableForPickup");
    expect(tagOfSubtag("Nope_001")).toBeNull();
  });
});

describe("combineStatus", () => {
  const inTransit = { tag: "InTransit", subtag: "InTransit_001" } as const;
  it("refines only within the same tag", () => {
    expect(combineStatus(inTransit, { kind: "refine", tag: "InTransit", subtag: "InTransit_003" })).toEqual({ tag: "InTransit", subtag: "InTransit_003" });
    expect(combineStatus(inTransit, { kind: "refine", tag: "InfoReceived", subtag: "InfoReceived_001" })).toEqual(inTransit);
  });
  it("overrides, except a delivered parcel", () => {
    expect(combineStatus(inTransit, { kind: "override", tag: "Exception", subtag: "Exception_013" })).toEqual({ tag: "Exception", subtag: "Exception_013" });
    const delivered = { tag: "Delivered", subtag: "Delivered_001" } as const;
    expect(combineStatus(delivered, { kind: "override", tag: "Exception", subtag: "Exception_012" })).toEqual(delivered);
    expect(combineStatus(inTransit, null)).toEqual(inTransit);
  });
});
