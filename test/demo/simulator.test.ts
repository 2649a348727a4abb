import { afterEach, describe, expect, it } from "vitest";
import { startFakeKlaviyo, type FakeKlaviyo } from "../../src/connectors/klaviyo/fake-server.js";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { StoreSimulator } from "../../src/demo/simulator.js";
import { summarize } from "../../src/server/summary.js";
import { AFTERSHIP_SECRET, bearer, EASYPOST_SECRET, SHOP, SHOPIFY_SECRET, startHarness, type Harness } from "../helpers/harness.js";
import type { ReplayResult } from "../../src/flows/replay/replay.js";

/**
 * The simulator sends 14 days of webhooks before the worker folds any, so the worker works far
 * behind the log: steps of 200 events that read scans stored after their own, timers fired days
 * late. A replay through the same flows, from the API, must still find that nothing differs.
 */
async function replayOfEverything(h: Harness): Promise<ReplayResult> {
  const res = await h.app.server.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-10-01", to: "2026-11-30" }, headers: bearer });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ReplayResult;
}

let h: Harness;
let klaviyo: FakeKlaviyo;
let slack: FakeSlack;
afterEach(async () => {
  await h.close();
  await klaviyo.close();
  await slack.close();
});

describe("the demo's simulated shop", () => {
  it("sends signed webhooks that all get acknowledged, and produces delays, exceptions and outbox deliveries", { timeout: 120_000 }, async () => {
    klaviyo = await startFakeKlaviyo({ apiKey: "pk_demo" });
    slack = await startFakeSlack();
    // synchronous=NORMAL: this test is about the simulator, not about surviving a power cut.
    h = await startHarness({ klaviyo: { apiKey: "pk_demo", baseUrl: klaviyo.url }, slack: { webhookUrl: slack.url }, store: { kind: "sqlite", synchronous: "NORMAL" }, flowsDir: "examples/flows" }, "2026-11-20T12:00:00.000Z");
    const url = await h.app.server.listen({ host: "127.0.0.1", port: 0 });
    const sim = new StoreSimulator({ baseUrl: url, shop: SHOP, shopifySecret: SHOPIFY_SECRET, easypostSecret: EASYPOST_SECRET, aftershipSecret: AFTERSHIP_SECRET, clock: h.clock, seed: 42, historyDays: 14, ordersPerDay: 40 });
    await sim.tick();
    await h.app.worker.runUntilIdle();
    expect(sim.stats.failures).toEqual({});
    expect(sim.stats.acknowledged).toBe(sim.stats.sent);
    expect(sim.stats.orders).toBeGreaterThan(450);

    const s = await summarize(h.app.store, h.clock.now());
    expect(s.orders).toBe(sim.stats.placed);
    expect(s.shipmentsByTag.Delivered).toBeGreaterThan(100);
    expect(s.delayed).toBeGreaterThan(0);
    expect(s.exceptions).toBeGreaterThan(0);
    expect(klaviyo.events.length).toBeGreaterThan(0);
    expect(slack.messages.length).toBeGreaterThan(0);
    expect(s.outboxByStatus.dead ?? 0).toBe(0);
    expect(klaviyo.duplicates + slack.duplicates).toBe(0);
    // The example flows ran on the simulated history: review requests three days after delivery.
    expect(s.runsByStatus.completed ?? 0).toBeGreaterThan(20);
    const metrics = klaviyo.events.map((e: any) => e.data.attributes.metric.data.attributes.name);
    expect(metrics).toContain("Review Request");
    expect(metrics).toContain("Order Delayed");

    const r = await replayOfEverything(h);
    expect(r.folded).toEqual({ inLiveSteps: r.eventsReplayed, byArrival: 0, notYet: 0 });
    expect(r.summary.unchanged).toBeGreaterThan(1000);
    expect(r.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
  });

  it("with a Gorgias token, customers write in about late, lost and damaged parcels: every message is acknowledged and triaged once", { timeout: 120_000 }, async () => {
    klaviyo = await startFakeKlaviyo({ apiKey: "pk_demo" });
    slack = await startFakeSlack();
    const { startFakeGorgias } = await import("../../src/connectors/gorgias/fake-server.js");
    const gorgias = await startFakeGorgias({ email: "support@demo.example", apiKey: "gorgias-demo-key", ticketIds: [] });
    try {
      const token = "gorgias-demo-inbound-token-0123";
      const helpdesk = { kind: "gorgias", domain: "demo", email: "support@demo.example", apiToken: "gorgias-demo-key", baseUrl: gorgias.url, inboundSecrets: [token] };
      h = await startHarness({ klaviyo: { apiKey: "pk_demo", baseUrl: klaviyo.url }, slack: { webhookUrl: slack.url }, store: { kind: "sqlite", synchronous: "NORMAL" }, shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], helpdesk }] }, "2026-11-20T12:00:00.000Z");
      const url = await h.app.server.listen({ host: "127.0.0.1", port: 0 });
      const sim = new StoreSimulator({ baseUrl: url, shop: SHOP, shopifySecret: SHOPIFY_SECRET, easypostSecret: EASYPOST_SECRET, aftershipSecret: AFTERSHIP_SECRET, clock: h.clock, seed: 42, historyDays: 14, ordersPerDay: 40, gorgiasToken: token, onTicket: (t) => gorgias.open(t.ticketId, t.subject) });
      await sim.tick();
      await h.app.worker.runUntilIdle();
      expect(sim.stats.failures).toEqual({});
      const tickets = await h.app.store.listTickets({ shop: SHOP, limit: 1000 });
      expect(tickets.length).toBeGreaterThan(5);
      expect(gorgias.tickets.size).toBe(tickets.length);
      // Every customer message triaged once; every ticket noted once, in the helpdesk.
      const triaged = (await h.app.store.listEvents({ shop: SHOP })).filter((e) => e.payload.kind === "ticket.triaged");
      expect(triaged).toHaveLength(tickets.length);
      for (const t of gorgias.tickets.values()) expect(t.messages.filter((m) => (m as { channel?: string }).channel === "internal-note"), `ticket ${t.id}`).toHaveLength(1);
      // Most write about an order they name, so most are matched to it.
      expect(tickets.filter((t) => t.orders.length > 0).length).toBeGreaterThan(tickets.length / 2);

      const r = await replayOfEverything(h);
      expect(r.summary.unchanged).toBeGreaterThan(1000);
      expect(r.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
    } finally {
      await gorgias.close();
    }
  });
});
