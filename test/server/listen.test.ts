import { afterEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { Config } from "../../src/config/schema.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_TOKEN, fixture, SHOP, SHOPIFY_SECRET, shopifyHeaders } from "../helpers/harness.js";

let app: App | null = null;
let dir = "";
afterEach(async () => {
  await app?.close();
  app = null;
  rmSync(dir, { recursive: true, force: true });
});

describe("a real listening server", () => {
  it("acknowledges a signed webhook over HTTP only after it is stored, and folds it in the background", async () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-listen-"));
    const config = Config.parse({ dataDir: dir, port: 0, apiToken: API_TOKEN, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET] }], logLevel: "silent" });
    app = await createApp({ config, logger: false });
    const url = await app.start();
    const body = fixture("shopify/shopify-dev-2026-07/orders__create.json");
    const res = await fetch(`${url}/webhooks/shopify`, { method: "POST", body, headers: shopifyHeaders("orders/create", body, { webhookId: "listen-1" }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const { event_id } = (await res.json()) as { event_id: string };
    // Stored before the 200: visible in the log right away.
    expect((await app.store.listEvents({})).map((e) => e.id)).toEqual([event_id]);
    // The background worker folds it without being told (bounded wait for a real loop).
    const deadline = Date.now() + 5_000;
    let journey = null;
    while (!journey && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      journey = await app.store.getJourney(SHOP, "820982911946154508");
    }
    expect(journey?.name).toBe("#9999");
    const unsigned = await fetch(`${url}/webhooks/shopify`, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(unsigned.status).toBe(401);
  });
});
