import { describe, expect, it } from "vitest";
import { buildEventBody, KlaviyoEventInput, KlaviyoEventPayload } from "../../src/connectors/klaviyo/event-body.js";
import { buildProfileImportBody, KlaviyoProfilePayload, opsHoldPatch } from "../../src/connectors/klaviyo/profile-body.js";
import { delayEvent, realKlaviyoValidators } from "./helpers.js";

const validators = realKlaviyoValidators();
const event = KlaviyoEventInput.parse({ ...delayEvent, uniqueId: "delay-notice:1001:1Z999" });

describe("buildEventBody", () => {
  it("produces an EventCreateQueryV2 body that Klaviyo's published schema accepts", () => {
    const body = buildEventBody(event);
    expect(validators.events(body)).toEqual([]);
    expect(body).toEqual({
      data: {
        type: "event",
        attributes: {
          properties: delayEvent.properties,
          time: "2026-11-20T10:00:00.000Z",
          value: 199.5,
          value_currency: "USD",
          unique_id: "delay-notice:1001:1Z999",
          metric: { data: { type: "metric", attributes: { name: "Firebreak Shipment Delayed" } } },
          profile: { data: { type: "profile", attributes: { email: "bob@example.com", external_id: "115310627314723954" } } },
        },
      },
    });
  });

  it("leaves value and currency out when there is none (absent, not null)", () => {
    const { value: _v, valueCurrency: _c, ...rest } = event;
    const attrs = buildEventBody(rest).data.attributes;
    expect("value" in attrs || "value_currency" in attrs).toBe(false);
    expect(validators.events(buildEventBody(rest))).toEqual([]);
  });

  it("the schema check is real: a body without a metric is rejected", () => {
    const body = buildEventBody(event) as unknown as { data: { attributes: Record<string, unknown> } };
    delete body.data.attributes.metric;
    expect(validators.events(body)).toEqual(["/data/attributes must have required property 'metric'"]);
  });

  it("the schema check sees types and formats too", () => {
    const body = structuredClone(buildEventBody(event)) as unknown as { data: { type: string; attributes: Record<string, unknown> } };
    body.data.type = "events";
    body.data.attributes.time = "yesterday";
    const problems = validators.events(body);
    expect(problems).toContain("/data/type must be equal to one of the allowed values");
    expect(problems).toContain('/data/attributes/time must match format "date-time"');
  });

  it("refuses a profile without any identifier before anything is sent", () => {
    const r = KlaviyoEventPayload.safeParse({ ...delayEvent, profile: { properties: { a: 1 } } });
    expect(r.success).toBe(false);
    expect(KlaviyoEventPayload.safeParse({ ...delayEvent, metric: "" }).success).toBe(false);
    expect(KlaviyoEventPayload.safeParse(delayEvent).success).toBe(true); // uniqueId may come from the action
  });
});

describe("buildProfileImportBody", () => {
  it("sets the hold properties in a ProfileUpsertQuery body", () => {
    const payload = KlaviyoProfilePayload.parse({ email: "bob@example.com", ...opsHoldPatch({ active: true, reason: "delivery_exception", orderName: "#1001" }) });
    const body = buildProfileImportBody(payload);
    expect(validators.profileImport(body)).toEqual([]);
    expect(body).toEqual({
      data: {
        type: "profile",
        attributes: { email: "bob@example.com", properties: { ops_hold: true, ops_hold_reason: "delivery_exception", ops_hold_order: "#1001" } },
      },
    });
  });

  it("releases a hold by unsetting the reason and order", () => {
    const body = buildProfileImportBody(KlaviyoProfilePayload.parse({ email: "bob@example.com", ...opsHoldPatch({ active: false }) }));
    expect(validators.profileImport(body)).toEqual([]);
    expect(body.data.attributes).toEqual({ email: "bob@example.com", properties: { ops_hold: false } });
    expect(body.data.meta).toEqual({ patch_properties: { unset: ["ops_hold_reason", "ops_hold_order"] } });
  });

  it("the profile schema check is real: a wrong resource type is rejected", () => {
    expect(validators.profileImport({ data: { type: "event", attributes: { email: "bob@example.com" } } })).toEqual([
      "/data/type must be equal to one of the allowed values",
    ]);
    expect(KlaviyoProfilePayload.safeParse({ properties: { ops_hold: true } }).success).toBe(false);
  });
});
