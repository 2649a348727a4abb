import { describe, expect, it } from "vitest";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";
import type { PayloadContext } from "../../../src/flows/catalog/action.js";
import type { RuleOutput } from "../../../src/flows/rule.js";
import type { Journey } from "../../../src/core/journey.js";
import { delayNoticeRule } from "../../../src/layers/delivery/delay-notice.js";
import { exceptionAlertRule } from "../../../src/layers/delivery/exception-alert.js";
import { holdReleaseRule } from "../../../src/layers/delivery/hold-release.js";
import { Channels } from "../../../src/layers/delivery/channels.js";
import { buildEventBody, KlaviyoEventInput } from "../../../src/connectors/klaviyo/event-body.js";
import { buildProfileImportBody, KlaviyoProfilePayload } from "../../../src/connectors/klaviyo/profile-body.js";
import { customerProfileToKlaviyo } from "../../../src/connectors/klaviyo/actions.js";
import { alertTeamToSlack } from "../../../src/connectors/slack/actions.js";
import { buildExceptionAlert } from "../../../src/connectors/slack/alert-body.js";
import { realKlaviyoValidators } from "../../connectors-outbound/helpers.js";
import { hold, journey, ruleContext, shipment, signal } from "./rule-context.js";

/**
 * The flows must be able to say what today's delivery rules do. The payloads come from the real
 * rules; every one must pass its action's input schema, and the catalog must turn the flow's input
 * back into the very payload the rule enqueues (which the channels bound in app.ts accept).
 */
const catalog = builtInCatalog();
const klaviyo = realKlaviyoValidators();

const payloadContext = (j: Journey, key: string, now: string): PayloadContext => ({ idempotencyKey: key, now, customer: { id: j.customerId, email: j.email } });

/** What a flow step writes for the action, given what the rule put in the outbox. */
function flowInputFor(channel: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (channel !== Channels.notifyCustomer) return payload;
  // time, profile and uniqueId come from the run (now, customer, idempotency key), not the step.
  return { metric: payload.metric, properties: payload.properties, value: payload.value ?? null, value_currency: payload.valueCurrency ?? null };
}

/** The outbox payload a flow step would enqueue for the rule's action (validated, then built). */
function rebuild(action: RuleOutput["actions"][number], j: Journey): Record<string, unknown> {
  const valid = catalog.validateInput(action.channel, flowInputFor(action.channel, action.payload));
  if (!valid.ok) throw new Error(valid.message);
  const built = catalog.buildPayload(action.channel, valid.input, payloadContext(j, action.idempotencyKey, action.createdAt));
  if (!built.ok) throw new Error(built.message);
  return built.payload;
}

function expectRoundTrip(out: RuleOutput, j: Journey): void {
  for (const action of out.actions) expect(rebuild(action, j), `${action.channel} ${action.idempotencyKey}`).toEqual(action.payload);
}

const channelsOf = (out: RuleOutput) => out.actions.map((a) => a.channel).sort();

describe("delay-notice rule payloads", () => {
  const j = journey();
  const out = delayNoticeRule.evaluate(
    ruleContext({ after: j, raised: [signal("edd_revised", { facts: { previous: "2026-11-11T00:00:00.000Z", current: "2026-11-24T00:00:00.000Z" } })] }),
  );

  it("fires a customer notice and a hold", () => {
    expect(channelsOf(out)).toEqual([Channels.customerProfile, Channels.notifyCustomer]);
  });

  it("notify.customer and customer.profile accept them and rebuild them exactly", () => expectRoundTrip(out, j));

  it("the rebuilt payloads still make bodies Klaviyo's published schemas accept", () => {
    const notice = rebuild(out.actions.find((a) => a.channel === Channels.notifyCustomer)!, j);
    expect(klaviyo.events(buildEventBody(KlaviyoEventInput.parse(notice)))).toEqual([]);
    const placed = rebuild(out.actions.find((a) => a.channel === Channels.customerProfile)!, j);
    expect(klaviyo.profileImport(buildProfileImportBody(KlaviyoProfilePayload.parse(customerProfileToKlaviyo(placed))))).toEqual([]);
  });

  it("an order without a total or currency (tracking-only journey) round-trips too", () => {
    const bare = journey({ totalPrice: null, currency: null, customerId: null });
    const o = delayNoticeRule.evaluate(ruleContext({ after: bare, raised: [signal("edd_missed")] }));
    expect(channelsOf(o)).toEqual([Channels.customerProfile, Channels.notifyCustomer]);
    expectRoundTrip(o, bare);
  });
});

describe("exception-alert rule payloads", () => {
  const j = journey({ shipments: [shipment({ tag: "Exception", subtag: "Exception_013" })] });
  const out = exceptionAlertRule.evaluate(ruleContext({ after: j, raised: [signal("delivery_exception", { facts: { kind: "lost" }, detail: "carrier reports the parcel lost" })] }));

  it("alerts the team and escalates a valuable order", () => {
    expect(channelsOf(out)).toEqual([Channels.alertTeam, Channels.reviewEscalation]);
  });

  it("alert.team and review.escalation accept them unchanged", () => expectRoundTrip(out, j));

  it("alert.team's Slack translation is the one app.ts applies today", () => {
    const p = out.actions.find((a) => a.channel === Channels.alertTeam)!.payload;
    // A copy of the inline mapping in src/app.ts buildChannels: the exported translator must match it.
    const today = buildExceptionAlert({
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
    expect(alertTeamToSlack(p)).toEqual(today);
    expect(alertTeamToSlack(p).text).toBe("ESCALATED: Order #1001: lost — carrier reports the parcel lost");
  });

  it("an order-level exception (no shipment) and a small order round-trip too", () => {
    const small = journey({ totalPrice: "12.00" });
    const o = exceptionAlertRule.evaluate(ruleContext({ after: small, customerOrders: 1, raised: [signal("delivery_exception", { shipmentKey: null })] }));
    expect(channelsOf(o)).toEqual([Channels.alertTeam]);
    expectRoundTrip(o, small);
  });
});

describe("hold-release rule payloads", () => {
  const delivered = shipment({ tag: "Delivered", subtag: "Delivered_001", deliveredAt: "2026-11-19T15:00:00.000Z" });

  it("customer.profile accepts the release (unset) and rebuilds it", () => {
    const j = journey({ shipments: [delivered] });
    const out = holdReleaseRule.evaluate(ruleContext({ after: j, activeHolds: [hold()] }));
    expect(channelsOf(out)).toEqual([Channels.customerProfile]);
    expect(out.actions[0]!.payload.unset).toEqual(["ops_hold_reason", "ops_hold_order"]);
    expectRoundTrip(out, j);
    expect(klaviyo.profileImport(buildProfileImportBody(KlaviyoProfilePayload.parse(customerProfileToKlaviyo(rebuild(out.actions[0]!, j)))))).toEqual([]);
  });

  it("a customer known only by id (no e-mail) round-trips too", () => {
    const j = journey({ shipments: [delivered], email: null });
    const out = holdReleaseRule.evaluate(ruleContext({ after: j, activeHolds: [hold()] }));
    expect(out.actions[0]!.payload.profile).toEqual({ external_id: j.customerId });
    expectRoundTrip(out, j);
  });
});
