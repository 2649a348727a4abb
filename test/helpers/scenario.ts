import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { klaviyoSchemaValidators } from "../../src/connectors/klaviyo/schema-validator.js";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import type { FlowDefinition } from "../../src/flows/definition/schema.js";
import { easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders, startHarness, type Harness } from "./harness.js";
import { easypostBody, type Scan } from "./payloads.js";

export const KLAVIYO_KEY = "pk_test_0123456789";
const schemaDoc = (f: string) => JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "klaviyo", f), "utf8"));

/** A real app wired to a fake Klaviyo (checking every body against Klaviyo's OpenAPI schema) and a fake Slack. */
export interface Scenario {
  h: Harness;
  klaviyo: FakeKlaviyo;
  slack: FakeSlack;
  shopify(topic: string, body: string, webhookId: string, triggeredAt?: string): Promise<void>;
  easypost(eventId: string, scans: Scan[], estimate?: string): Promise<void>;
  /** Moves the clock and lets the worker project, run flows, fire timers and dispatch. */
  at(iso: string): Promise<void>;
  close(): Promise<void>;
}

export async function startScenario(opts: { builtInFlows?: readonly FlowDefinition[]; helpdesk?: Record<string, unknown> } = {}): Promise<Scenario> {
  const klaviyo = await startFakeKlaviyo({
    apiKey: KLAVIYO_KEY,
    validators: klaviyoSchemaValidators({ createEvent: schemaDoc("openapi_stable__create_event.json"), createOrUpdateProfile: schemaDoc("openapi_stable__create_or_update_profile__request-extract.json") }),
  });
  const slack = await startFakeSlack();
  const shops = opts.helpdesk ? { shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], helpdesk: opts.helpdesk }] } : {};
  const h = await startHarness({ klaviyo: { apiKey: KLAVIYO_KEY, baseUrl: klaviyo.url }, slack: { webhookUrl: slack.url }, ...shops }, undefined, opts.builtInFlows ? { builtInFlows: opts.builtInFlows } : {});
  return {
    h,
    klaviyo,
    slack,
    async shopify(topic, body, webhookId, triggeredAt) {
      const headers = { ...shopifyHeaders(topic, body, { webhookId }), ...(triggeredAt ? { "x-shopify-triggered-at": triggeredAt } : {}) };
      const res = await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers });
      expect(res.statusCode, res.body).toBe(200);
    },
    async easypost(eventId, scans, estimate) {
      const body = easypostBody({ eventId, scans, ...(estimate ? { estimate } : {}) });
      const res = await h.app.server.inject({ method: "POST", url: "/webhooks/tracking/easypost", payload: body, headers: easypostHeaders(body) });
      expect(res.statusCode, res.body).toBe(200);
    },
    async at(iso) {
      h.clock.set(iso);
      await h.app.worker.runUntilIdle();
    },
    async close() {
      await h.close();
      await klaviyo.close();
      await slack.close();
    },
  };
}
