import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OutboxAction } from "../../src/core/outbox.js";
import { klaviyoSchemaValidators, type KlaviyoValidators } from "../../src/connectors/klaviyo/schema-validator.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/klaviyo/${name}`, import.meta.url)), "utf8"));

/** Validators compiled from Klaviyo's published OpenAPI schemas (test/fixtures/klaviyo). */
export function realKlaviyoValidators(): KlaviyoValidators {
  return klaviyoSchemaValidators({
    createEvent: fixture("openapi_stable__create_event.json"),
    createOrUpdateProfile: fixture("openapi_stable__create_or_update_profile__request-extract.json"),
  });
}

export function action(channel: string, payload: Record<string, unknown>, idempotencyKey = "delay-notice:1001:1Z999"): OutboxAction {
  const at = "2026-11-20T10:00:00.000Z";
  return {
    id: "a1",
    shop: "demo.myshopify.com",
    idempotencyKey,
    channel,
    orderId: "gid://shopify/Order/820982911946154508",
    decisionId: "d1",
    payload,
    status: "in_flight",
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    claimedBy: "boot-1",
    leaseUntil: at,
    deliveredAt: null,
    updatedAt: at,
  };
}

export const ctx = () => ({ signal: new AbortController().signal });

export const delayEvent = {
  metric: "Firebreak Shipment Delayed",
  profile: { email: "bob@example.com", external_id: "115310627314723954" },
  properties: { order_name: "#1001", carrier: "UPS", tracking_number: "1Z999", new_edd: "2026-11-27" },
  time: "2026-11-20T10:00:00.000Z",
  value: 199.5,
  valueCurrency: "USD",
};
