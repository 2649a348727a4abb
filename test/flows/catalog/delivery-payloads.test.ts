import { describe, expect, it } from "vitest";
import { Channels } from "../../../src/layers/delivery/channels.js";
import { buildEventBody, KlaviyoEventInput } from "../../../src/connectors/klaviyo/event-body.js";
import { buildProfileImportBody, KlaviyoProfilePayload } from "../../../src/connectors/klaviyo/profile-body.js";
import { customerProfileToKlaviyo } from "../../../src/connectors/klaviyo/actions.js";
import { alertTeamToSlack } from "../../../src/connectors/slack/actions.js";
import { buildExceptionAlert } from "../../../src/connectors/slack/alert-body.js";
import { realKlaviyoValidators } from "../../connectors-outbound/helpers.js";
import { deliveredTrigger, hold, journey, runBuiltInFlows, shipment, signal, signalTrigger } from "./flow-context.js";

/**
 * The built-in delivery flows, run by the real engine on real catalog actions: every payload they
 * enqueue is one the channels bound in app.ts accept (Klaviyo's published schemas, Slack's blocks).
 */
const klaviyo = realKlaviyoValidators();
type Out = ReturnType<typeof runBuiltInFlows>;
const channelsOf = (out: Out) => out.outbox.map((a) => a.channel).sort();
const payloadOn = (out: Out, channel: string) => out.outbox.find((a) => a.channel === channel)!.payload;
const noFailedRuns = (out: Out) => expect(out.runs.filter((r) => r.status === "failed").map((r) => r.reason)).toEqual([]);

describe("delay-notice flow payloads", () => {
  const j = journey();
  const out = runBuiltInFlows({ journey: j, trigger: signalTrigger(signal("edd_revised", { facts: { previous: "2026-11-11T00:00:00.000Z", current: "2026-11-24T00:00:00.000Z" } })) });

  it("fires a customer notice and a hold", () => {
    noFailedRuns(out);
    expect(channelsOf(out)).toEqual([Channels.customerProfile, Channels.notifyCustomer]);
    expect(out.holdsPlaced.map((h) => h.shipmentKey)).toEqual([j.shipments[0]!.key]);
  });

  it("the payloads make bodies Klaviyo's published schemas accept", () => {
    expect(klaviyo.events(buildEventBody(KlaviyoEventInput.parse(payloadOn(out, Channels.notifyCustomer))))).toEqual([]);
    expect(klaviyo.profileImport(buildProfileImportBody(KlaviyoProfilePayload.parse(customerProfileToKlaviyo(payloadOn(out, Channels.customerProfile)))))).toEqual([]);
    expect(payloadOn(out, Channels.notifyCustomer)).toMatchObject({ metric: "Order Delayed", properties: { reason: "edd_revised", new_expected_delivery: "2026-11-24T00:00:00.000Z" } });
  });

  it("an order without a total or currency (tracking-only journey) is accepted too", () => {
    const bare = journey({ totalPrice: null, currency: null, customerId: null });
    const o = runBuiltInFlows({ journey: bare, trigger: signalTrigger(signal("edd_missed")) });
    noFailedRuns(o);
    expect(channelsOf(o)).toEqual([Channels.customerProfile, Channels.notifyCustomer]);
    expect(klaviyo.events(buildEventBody(KlaviyoEventInput.parse(payloadOn(o, Channels.notifyCustomer))))).toEqual([]);
  });
});

describe("exception-alert flow payloads", () => {
  const j = journey({ shipments: [shipment({ tag: "Exception", subtag: "Exception_013" })] });
  const out = runBuiltInFlows({ journey: j, trigger: signalTrigger(signal("delivery_exception", { facts: { kind: "lost" }, detail: "carrier reports the parcel lost" })) });

  it("alerts the team and escalates a valuable order", () => {
    noFailedRuns(out);
    expect(channelsOf(out)).toEqual([Channels.alertTeam, Channels.reviewEscalation]);
  });

  it("alert.team's Slack translation is the shipment alert, escalated", () => {
    const p = payloadOn(out, Channels.alertTeam);
    const expected = buildExceptionAlert({
      orderName: String(p.order_name ?? p.order_id),
      orderId: String(p.order_id),
      shipmentKey: String(p.shipment ?? ""),
      carrier: (p.carrier as string | null) ?? null,
      trackingNumber: (p.tracking_number as string | null) ?? null,
      trackingUrl: (p.tracking_url as string | null) ?? null,
      tag: (p.status_tag as never) ?? "Exception",
      subtag: (p.status_subtag as string | null) ?? null,
      kind: String(p.kind ?? "delivery_exception"),
      detail: String(p.detail ?? ""),
      escalated: p.escalated === true,
    });
    expect(alertTeamToSlack(p)).toEqual(expected);
    expect(alertTeamToSlack(p).text).toBe("ESCALATED: Order #1001: lost — carrier reports the parcel lost");
  });

  it("a small order from a first-time customer only alerts", () => {
    const small = journey({ totalPrice: "12.00", shipments: [shipment({ tag: "Exception", subtag: "Exception_013" })] });
    const o = runBuiltInFlows({ journey: small, customerOrders: 1, trigger: signalTrigger(signal("delivery_exception", { facts: { kind: "lost" } })) });
    noFailedRuns(o);
    expect(channelsOf(o)).toEqual([Channels.alertTeam]);
    expect(alertTeamToSlack(payloadOn(o, Channels.alertTeam)).text).not.toMatch(/ESCALATED/);
  });
});

describe("hold-release flow payloads", () => {
  const delivered = shipment({ tag: "Delivered", subtag: "Delivered_001", deliveredAt: "2026-11-19T15:00:00.000Z" });

  it("customer.profile accepts the release (unset), and Klaviyo's schema accepts its body", () => {
    const j = journey({ shipments: [delivered] });
    const out = runBuiltInFlows({ journey: j, trigger: deliveredTrigger(delivered.key), activeHolds: [hold({ shipmentKey: delivered.key })] });
    noFailedRuns(out);
    expect(channelsOf(out)).toEqual([Channels.customerProfile]);
    expect(out.holdsReleased.map((h) => h.shipmentKey)).toEqual([delivered.key]);
    const payload = payloadOn(out, Channels.customerProfile);
    expect(payload.unset).toEqual(["ops_hold_reason", "ops_hold_order"]);
    expect(klaviyo.profileImport(buildProfileImportBody(KlaviyoProfilePayload.parse(customerProfileToKlaviyo(payload))))).toEqual([]);
  });

  it("a customer known only by id (no e-mail) is reached by external_id", () => {
    const j = journey({ shipments: [delivered], email: null });
    const out = runBuiltInFlows({ journey: j, trigger: deliveredTrigger(delivered.key), activeHolds: [hold({ shipmentKey: delivered.key })] });
    expect(payloadOn(out, Channels.customerProfile).profile).toEqual({ external_id: j.customerId });
  });

  it("an unheld delivery starts no run", () => {
    const out = runBuiltInFlows({ journey: journey({ shipments: [delivered] }), trigger: deliveredTrigger(delivered.key) });
    expect(out.runs.filter((r) => r.flowId === "hold-release")).toEqual([]);
  });
});
