import { describe, expect, it } from "vitest";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";
import { Channels } from "../../../src/layers/delivery/channels.js";
import type { PayloadContext } from "../../../src/flows/catalog/action.js";
import { alertTeamToSlack } from "../../../src/connectors/slack/actions.js";

const catalog = builtInCatalog();
const ctx = (over: Partial<PayloadContext> = {}): PayloadContext => ({
  idempotencyKey: "delay-notice:shop:1001:1Z999:edd_missed",
  now: "2026-11-20T10:00:00.000Z",
  customer: { id: "115310627314723954", email: "jon@example.com" },
  ...over,
});

describe("builtInCatalog", () => {
  it("holds the delivery channels and the declared money actions", () => {
    expect(catalog.ids()).toEqual([
      "ai.triage",
      "alert.team",
      "customer.profile",
      "discount.create",
      "helpdesk.add_tags",
      "helpdesk.assign",
      "helpdesk.internal_note",
      "helpdesk.reply",
      "helpdesk.set_intent",
      "hold.place",
      "hold.release",
      "notify.customer",
      "retention.offer",
      "review.escalation",
      "shopify.refund",
      "shopify.reship",
      "store.credit",
      "webhook.send",
    ]);
  });

  it("hold actions change Firebreak's own state and are never dispatched", () => {
    for (const id of ["hold.place", "hold.release"]) expect(catalog.get(id)).toMatchObject({ channel: "internal", effect: id, approval: "never" });
  });

  it("uses the channel names app.ts binds today", () => {
    for (const name of Object.values(Channels)) expect(catalog.get(name)?.channel).toBe(name);
  });

  it("declares money and promise actions irreversible, always approved, on reserved channels", () => {
    const money = ["shopify.refund", "shopify.reship", "store.credit", "discount.create", "retention.offer"];
    expect(money.map((id) => catalog.get(id)!.category)).toEqual(["refund", "reship", "credit", "discount", "retention_offer"]);
    for (const id of money) expect(catalog.get(id)).toMatchObject({ approval: "always", irreversible: true, channel: id });
  });

  it("never gates the review queue, team alerts or profile bookkeeping; notices follow the policy", () => {
    expect(catalog.get("review.escalation")).toMatchObject({ category: "review", approval: "never", customerFacing: false });
    expect(catalog.get("alert.team")).toMatchObject({ category: "internal_alert", approval: "never", channelKind: "internal" });
    expect(catalog.get("customer.profile")).toMatchObject({ category: "profile", approval: "never", customerFacing: false });
    expect(catalog.get("notify.customer")).toMatchObject({ category: "notification", approval: "policy", customerFacing: true, channelKind: "email" });
  });

  it("describes every action with a JSON Schema of its input", () => {
    const described = catalog.describe();
    expect(described).toHaveLength(18);
    for (const d of described) {
      expect(d.input.$schema, d.id).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(d.input.type === "object" || Array.isArray(d.input.anyOf), d.id).toBe(true);
    }
    expect(described.find((d) => d.id === "notify.customer")!.input).toMatchObject({ required: ["metric"], additionalProperties: false });
    expect((described.find((d) => d.id === "alert.team")!.input.anyOf as unknown[]).length).toBe(2);
  });
});

describe("notify.customer", () => {
  it("takes the customer's identity, the time and the key from the run", () => {
    const valid = catalog.validateInput("notify.customer", { metric: "Order Delayed", properties: { order_name: "#1001" }, value: 42.5, value_currency: "USD" });
    expect(valid.ok).toBe(true);
    if (!valid.ok) return;
    expect(catalog.buildPayload("notify.customer", valid.input, ctx())).toEqual({
      ok: true,
      payload: {
        metric: "Order Delayed",
        profile: { email: "jon@example.com", external_id: "115310627314723954" },
        properties: { order_name: "#1001" },
        time: "2026-11-20T10:00:00.000Z",
        value: 42.5,
        valueCurrency: "USD",
        uniqueId: "delay-notice:shop:1001:1Z999:edd_missed",
      },
    });
  });

  it("a profile in the input replaces the run's identity as a whole", () => {
    const valid = catalog.validateInput("notify.customer", { metric: "Gift Shipped", profile: { email: "friend@example.com" } });
    if (!valid.ok) throw new Error(valid.message);
    const built = catalog.buildPayload("notify.customer", valid.input, ctx());
    expect(built).toMatchObject({ ok: true, payload: { profile: { email: "friend@example.com" }, properties: {} } });
  });

  it("fails at enqueue, with what to do, when nobody can be reached", () => {
    const valid = catalog.validateInput("notify.customer", { metric: "Order Delayed" });
    if (!valid.ok) throw new Error(valid.message);
    expect(catalog.buildPayload("notify.customer", valid.input, ctx({ customer: { id: null, email: null } }))).toEqual({
      ok: false,
      code: "ACTION_PAYLOAD_INVALID",
      message: "notify.customer: the run's customer has no email, phone or id to reach them by; set input.profile",
    });
  });

  it("checks the Klaviyo payload at enqueue: a `now` without an offset is refused", () => {
    const valid = catalog.validateInput("notify.customer", { metric: "Order Delayed" });
    if (!valid.ok) throw new Error(valid.message);
    expect(catalog.buildPayload("notify.customer", valid.input, ctx({ now: "2026-11-20 10:00" }))).toMatchObject({ ok: false, code: "ACTION_PAYLOAD_INVALID", message: expect.stringContaining("notify.customer: payload.time:") });
  });

  it.each([
    [{ properties: {} }, "notify.customer: input.metric: is required (string)"],
    [{ metric: "x".repeat(128) }, "notify.customer: input.metric: Too big: expected string to have <=127 characters"],
    [{ metric: "Order Delayed", propertes: {} }, 'notify.customer: input: unknown key "propertes"'],
    [{ metric: "Order Delayed", profile: {} }, "notify.customer: input.profile: needs an email, phone_number or external_id"],
    [{ metric: "Order Delayed", value_currency: "dollars" }, "notify.customer: input.value_currency: Too big: expected string to have exactly 3 characters"],
    // Properties are named values: a list or a text in their place is refused, not sent as `{}`.
    [{ metric: "Order Delayed", properties: ["#1001"] }, "notify.customer: input.properties: Invalid input: expected object, received array"],
    [{ metric: "Order Delayed", properties: "#1001" }, "notify.customer: input.properties: Invalid input: expected object, received string"],
  ])("refuses %j", (input, message) => {
    expect(catalog.validateInput("notify.customer", input)).toEqual({ ok: false, code: "ACTION_INPUT_INVALID", message });
  });
});

describe("customer.profile", () => {
  it.each([
    [{}, "customer.profile: input: sets no property and unsets none: nothing to do"],
    [{ properties: { ops_hold: true }, unset: ["ops_hold"] }, "customer.profile: input.unset: a property cannot be both set and unset"],
  ])("refuses %j", (input, message) => {
    expect(catalog.validateInput("customer.profile", input)).toEqual({ ok: false, code: "ACTION_INPUT_INVALID", message });
  });

  it("leaves `unset` out of the payload when nothing is unset", () => {
    const valid = catalog.validateInput("customer.profile", { properties: { vip: true } });
    if (!valid.ok) throw new Error(valid.message);
    expect(catalog.buildPayload("customer.profile", valid.input, ctx({ customer: { id: null, email: "a@b.co", phone: "+15555550100" } }))).toEqual({
      ok: true,
      payload: { profile: { email: "a@b.co", phone_number: "+15555550100" }, properties: { vip: true } },
    });
  });
});

describe("alert.team", () => {
  it("takes a plain text message and sends it as it is", () => {
    const valid = catalog.validateInput("alert.team", { text: "Late: #1001" });
    expect(valid).toEqual({ ok: true, input: { text: "Late: #1001" } });
    expect(alertTeamToSlack({ text: "Late: #1001" })).toEqual({ text: "Late: #1001" });
  });

  it("fills a shipment alert's defaults", () => {
    expect(catalog.validateInput("alert.team", { order_id: "1001", detail: "no scan for 5 days" })).toEqual({
      ok: true,
      input: { order_id: "1001", detail: "no scan for 5 days", kind: "delivery_exception", escalated: false },
    });
  });

  it("names what is missing from the form it came closest to", () => {
    expect(catalog.validateInput("alert.team", { order_id: "1001", status_tag: "Lost" })).toEqual({
      ok: false,
      code: "ACTION_INPUT_INVALID",
      message: 'alert.team: input.status_tag: Invalid option: expected one of "Pending"|"InfoReceived"|"InTransit"|"OutForDelivery"|"AttemptFail"|"AvailableForPickup"|"Delivered"|"Exception"|"Expired"; input.detail: is required (string)',
    });
  });

  it("the Slack translation throws on a payload of neither form (the binding makes it a permanent error)", () => {
    expect(() => alertTeamToSlack({ body: "hi" })).toThrow();
  });
});

describe("review.escalation and the declared actions", () => {
  it("review.escalation takes a reason with any flat facts", () => {
    expect(catalog.validateInput("review.escalation", { reason: "no scan two days after the delay notice", order_name: "#1001", total: 404.95 })).toMatchObject({ ok: true });
    expect(catalog.validateInput("review.escalation", { order_name: "#1001" })).toEqual({
      ok: false,
      code: "ACTION_INPUT_INVALID",
      message: "review.escalation: input: needs a reason or a detail: what should the human look at?",
    });
  });

  it.each([
    ["shopify.refund", { order_id: "1", amount: 20, reason: "damaged" }, true],
    ["shopify.refund", { order_id: "1", reason: "damaged" }, "shopify.refund: input: refunds nothing: give an amount, line_items or refund_shipping"],
    ["shopify.refund", { order_id: "1", amount: -5, reason: "damaged" }, "shopify.refund: input.amount: Too small: expected number to be >0"],
    ["shopify.reship", { order_id: "1", line_items: [{ line_item_id: "866550311766439020", quantity: 1 }], reason: "lost" }, true],
    ["shopify.reship", { order_id: "1", line_items: [], reason: "lost" }, "shopify.reship: input.line_items: Too small: expected array to have >=1 items"],
    ["store.credit", { customer_id: "115310627314723954", amount: 10, currency: "usd", reason: "late" }, "store.credit: input.currency: an ISO 4217 code like USD"],
    ["discount.create", { kind: "free_shipping", reason: "sorry" }, true],
    ["discount.create", { kind: "percentage", value: 150, reason: "sorry" }, "discount.create: input.value: a percentage is at most 100"],
    ["discount.create", { kind: "fixed_amount", value: 5, reason: "sorry" }, "discount.create: input.currency: a fixed_amount discount needs a currency"],
    ["retention.offer", { customer_id: "1", offer: "two months at half price", reason: "asked to cancel" }, true],
  ])("%s %j", (id, input, expected) => {
    const r = catalog.validateInput(id, input);
    if (expected === true) expect(r).toMatchObject({ ok: true });
    else expect(r).toEqual({ ok: false, code: "ACTION_INPUT_INVALID", message: expected });
  });
});
