import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { bearer, startHarness, type Harness } from "../helpers/harness.js";

const base = { FIREBREAK_API_TOKEN: "x".repeat(24), FIREBREAK_SHOPIFY_SHOP: "snowdevil.myshopify.com", FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "s" };

describe("configuration from the environment", () => {
  it("points the Klaviyo connector and the outbound webhook at what the environment says", () => {
    const r = loadConfig({ env: { ...base, FIREBREAK_KLAVIYO_API_KEY: "pk_live", FIREBREAK_KLAVIYO_BASE_URL: "http://127.0.0.1:9999", FIREBREAK_WEBHOOK_URL: "https://n8n.example.com/webhook/abc", FIREBREAK_WEBHOOK_SECRET: "0123456789abcdef" } });
    expect(r.ok && r.config.klaviyo).toMatchObject({ apiKey: "pk_live", baseUrl: "http://127.0.0.1:9999" });
    expect(r.ok && r.config.webhook).toEqual({ url: "https://n8n.example.com/webhook/abc", secret: "0123456789abcdef" });
  });

  it("refuses a short webhook secret, naming the key", () => {
    const r = loadConfig({ env: { ...base, FIREBREAK_WEBHOOK_URL: "https://n8n.example.com/x", FIREBREAK_WEBHOOK_SECRET: "short" } });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/config key "webhook.secret": must be at least 16 characters/)] });
  });

  it("reads the send-time rules per shop, with defaults", () => {
    const r = loadConfig({ env: base, base: { shops: [{ settings: { comms: { stalenessHours: 24, smsMetrics: ["Out For Delivery"] } } }] } });
    expect(r.ok && r.config.shops[0]!.settings.comms).toEqual({ stalenessHours: 24, smsMetrics: ["Out For Delivery"], frequencyCap: { max: 6, perHours: 24, exempt: ["Delivery Exception"] } });
  });
});

describe("comms API edges", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });
  const get = (url: string) => h!.app.server.inject({ method: "GET", url, headers: bearer });

  it("answers a bad period or order with a 4xx and a stable code", async () => {
    h = await startHarness();
    expect((await get("/api/metrics/comms")).json().error.code).toBe("BAD_REQUEST");
    expect((await get("/api/metrics/comms?from=yesterday")).statusCode).toBe(400);
    expect((await get("/api/metrics/comms?from=2026-11-30&to=2026-11-01")).json().error.message).toMatch(/is after/);
    expect((await get("/api/orders/not-an-id/promises")).statusCode).toBe(400);
    expect((await get("/api/orders/123/promises")).json().error.code).toBe("NOT_FOUND");
    expect((await get("/api/metrics/comms?from=2026-11-01")).json()).toMatchObject({ period: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T09:00:00.000Z" }, delayedShipments: 0, proactiveNoticeRate: null });
  });
});
