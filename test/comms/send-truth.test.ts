import { describe, expect, it } from "vitest";
import { defaultCommsSettings } from "../../src/core/comms-settings.js";
import { checkSend, type OutgoingMessage, type SendTruthInput } from "../../src/core/send-truth.js";

const msg = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ metric: "Out For Delivery", shipmentKey: "1Z", statusTag: "OutForDelivery", reason: null, eventTime: "2026-11-06T07:00:00.000Z", promisedDelivery: null, previousExpected: null, ...over });
const input = (over: Partial<SendTruthInput> = {}): SendTruthInput => ({
  message: msg(),
  now: new Date("2026-11-06T08:00:00.000Z"),
  settings: defaultCommsSettings,
  quietHours: undefined,
  timeZone: "UTC",
  liveTag: "OutForDelivery",
  sentForOrder: [],
  sentToCustomerRecently: [],
  promises: [],
  ...over,
});
const promise = (promisedBy: string) => ({ shop: "s", orderId: "1", shipmentKey: "1Z", promisedBy, metric: "Order Delayed", toldAt: "2026-11-05T00:00:00.000Z", sourceKey: promisedBy });

describe("checkSend", () => {
  it("sends a current, fresh, first message and says what it checked", () => {
    expect(checkSend(input())).toEqual({ action: "send", checked: expect.stringMatching(/current \(OutForDelivery\), fresh, not a duplicate, 0 of 6/) });
  });

  it("never says in transit or out for delivery once the parcel is delivered", () => {
    expect(checkSend(input({ liveTag: "Delivered" }))).toMatchObject({ action: "skip", code: "SUPERSEDED" });
    expect(checkSend(input({ message: msg({ metric: "Order Delayed", statusTag: "InTransit", reason: "transit_stalled" }), liveTag: "Delivered" }))).toMatchObject({ action: "skip", code: "SUPERSEDED" });
    // A shipping confirmation still goes when the parcel is already moving: it carries the tracking link.
    expect(checkSend(input({ message: msg({ metric: "Order Shipped", statusTag: "InfoReceived" }), liveTag: "OutForDelivery" })).action).toBe("send");
  });

  it("refuses news older than the staleness window", () => {
    const v = checkSend(input({ message: msg({ eventTime: "2026-11-02T07:00:00.000Z" }) }));
    expect(v).toMatchObject({ action: "skip", code: "STALE", reason: expect.stringMatching(/97 h old \(staleness window 72 h\)/) });
  });

  it("sends one message per status per shipment and delay reason", () => {
    expect(checkSend(input({ sentForOrder: [msg()] }))).toMatchObject({ action: "skip", code: "DUPLICATE" });
    const stalled = msg({ metric: "Order Delayed", statusTag: "InTransit", reason: "transit_stalled" });
    expect(checkSend(input({ message: { ...stalled, reason: "edd_missed" }, liveTag: "InTransit", sentForOrder: [stalled] })).action).toBe("send");
  });

  it("notifies a revised estimate again only when it slips past every date already told", () => {
    const revised = (d: string) => msg({ metric: "Order Delayed", statusTag: "InTransit", reason: "edd_revised", promisedDelivery: d });
    const base = { liveTag: "InTransit" as const, promises: [promise("2026-11-11T23:59:59.999Z"), promise("2026-11-13T00:00:00.000Z")] };
    expect(checkSend(input({ ...base, message: revised("2026-11-12T00:00:00.000Z") }))).toMatchObject({ action: "skip", code: "NO_FURTHER_SLIP" });
    expect(checkSend(input({ ...base, message: revised("2026-11-14T00:00:00.000Z"), sentForOrder: [revised("2026-11-13T00:00:00.000Z")] })).action).toBe("send");
  });

  it("caps messages per customer across metrics, except exempt ones", () => {
    const recent = Array.from({ length: 6 }, (_, i) => msg({ metric: `M${i}` }));
    expect(checkSend(input({ sentToCustomerRecently: recent }))).toMatchObject({ action: "skip", code: "FREQUENCY_CAP", reason: expect.stringMatching(/6 post-purchase messages in the last 24 h \(cap 6\)/) });
    expect(checkSend(input({ sentToCustomerRecently: recent, message: msg({ metric: "Delivery Exception", statusTag: "Exception" }), liveTag: "Exception" })).action).toBe("send");
  });

  it("defers SMS-capable metrics through quiet hours in the shop's time zone", () => {
    const settings = { ...defaultCommsSettings, smsMetrics: ["Out For Delivery"] };
    const v = checkSend(input({ settings, quietHours: { start: "21:00", end: "08:00", channels: ["sms"] }, timeZone: "America/New_York" }));
    expect(v).toMatchObject({ action: "defer", until: new Date("2026-11-06T13:00:00.000Z") });
    expect(checkSend(input({ quietHours: { start: "21:00", end: "08:00", channels: ["sms"] }, timeZone: "America/New_York" })).action).toBe("send");
  });
});

describe("checkSend and the promise ledger", () => {
  it("does not report a missed date once the customer was told a later one", () => {
    const missed = msg({ metric: "Order Delayed", statusTag: "InTransit", reason: "edd_missed", previousExpected: "2026-11-11T23:59:59.999Z" });
    const told = [{ shop: "s", orderId: "1", shipmentKey: "1Z", promisedBy: "2026-11-13T00:00:00.000Z", metric: "Order Delayed", toldAt: "2026-11-05T00:00:00.000Z", sourceKey: "k" }];
    expect(checkSend(input({ message: missed, liveTag: "InTransit", promises: told }))).toMatchObject({ action: "skip", code: "ALREADY_TOLD_LATER" });
    expect(checkSend(input({ message: { ...missed, previousExpected: "2026-11-13T00:00:00.000Z" }, liveTag: "InTransit", promises: told })).action).toBe("send");
  });
});
