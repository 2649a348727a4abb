import { afterEach, describe, expect, it } from "vitest";
import { bearer, SHOP, SHOPIFY_SECRET, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { fulfillmentBody, ORDER_ID, orderBody, TRACKING } from "../helpers/payloads.js";
import { rebuildProjections } from "../../src/cli/rebuild.js";
import { GORGIAS_TOKEN, gorgiasBody, ZENDESK_SECRET, zendeskEvent, zendeskHeaders } from "../connectors/helpdesk-bodies.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const withHelpdesk = (helpdesk: Record<string, unknown>) => ({ shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], helpdesk }] });

async function shopify(app: Harness, topic: string, body: string, webhookId: string) {
  const res = await app.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers: shopifyHeaders(topic, body, { webhookId }) });
  expect(res.statusCode, res.body).toBe(200);
}
const get = async (app: Harness, url: string) => app.app.server.inject({ method: "GET", url, headers: bearer });

describe("helpdesk tickets over HTTP", () => {
  it("Gorgias: a ticket arrives, is deduped, matched to the order by its number, and follows its status", async () => {
    h = await startHarness(withHelpdesk({ kind: "gorgias", domain: "snowdevil", inboundSecrets: [GORGIAS_TOKEN] }));
    // The fixture order is #9999 for jon@example.com.
    await shopify(h, "orders/create", orderBody({ createdAt: "2026-11-01T09:00:00.000Z" }), "w-order");
    const post = (body: unknown, token = GORGIAS_TOKEN) =>
      h!.app.server.inject({ method: "POST", url: "/webhooks/helpdesk/gorgias", payload: JSON.stringify(body), headers: { "content-type": "application/json", "x-firebreak-token": token } });

    const first = gorgiasBody({ email: "jon@example.com", message: { id: "901", body: "Hi, where is order #9999? It has been a week.", at: "2026-11-02T08:00:00Z" }, updated: "2026-11-02T08:00:00Z", created: "2026-11-02T08:00:00Z" });
    expect((await post(first)).json()).toMatchObject({ status: "stored" });
    expect((await post(first)).json()).toMatchObject({ status: "duplicate" });
    const rejected = await post(first, "wrong-token-0123456789");
    expect(rejected.statusCode).toBe(401);
    expect(rejected.json()).toMatchObject({ error: { code: "SIGNATURE_INVALID" } });
    await h.app.worker.runUntilIdle();
    // The raw body is kept, the token is not.
    const [stored] = await h.app.store.listEvents({ shop: SHOP }).then((es) => es.filter((e) => e.source === "gorgias"));
    const raw = await h.app.store.getRawBody(stored!.rawBodyId!);
    expect(raw!.headers).not.toHaveProperty("x-firebreak-token");
    expect(raw!.body.toString()).toContain("#9999");

    const t = (await get(h, "/api/tickets/gorgias:4821")).json();
    expect(t.ticket).toMatchObject({ helpdesk: "gorgias", ticketId: "4821", status: "open", customerEmail: "jon@example.com", channel: "email" });
    expect(t.orders).toEqual([expect.objectContaining({ orderId: ORDER_ID, reason: "order_number", detail: expect.stringContaining("#9999"), order: expect.objectContaining({ name: "#9999" }) })]);
    expect(t.holds).toEqual([]);
    const order = (await get(h, `/api/orders/${ORDER_ID}`)).json();
    expect(order.tickets.map((x: { ticketId: string }) => x.ticketId)).toEqual(["4821"]);

    // An agent replies an hour later, then closes it: first response and resolution are measured.
    await post(gorgiasBody({ email: "jon@example.com", message: { id: "902", body: "It is on its way!", fromAgent: true, at: "2026-11-02T09:00:00Z" }, updated: "2026-11-02T09:00:00Z", created: "2026-11-02T08:00:00Z" }));
    await post(gorgiasBody({ email: "jon@example.com", status: "closed", updated: "2026-11-02T09:05:00Z", created: "2026-11-02T08:00:00Z" }));
    await h.app.worker.runUntilIdle();
    const closed = (await get(h, "/api/tickets/gorgias:4821")).json().ticket;
    expect(closed).toMatchObject({ status: "closed", firstResponseSeconds: 3600, firstResolutionSeconds: 3900, reopenCount: 0 });
    expect(closed.messages.map((m: { id: string }) => m.id)).toEqual(["901", "902"]);
    expect((await get(h, `/api/orders/${ORDER_ID}`)).json().tickets).toEqual([]);
    expect((await get(h, "/api/tickets?status=closed")).json().tickets.map((x: { ticketId: string }) => x.ticketId)).toEqual(["4821"]);

    // Tickets are a projection: a rebuild from the log gives the same ticket, links included.
    const live = await h.app.store.getTicket(SHOP, "gorgias", "4821");
    await rebuildProjections(h.app.store, h.app.config);
    expect(await h.app.store.getTicket(SHOP, "gorgias", "4821")).toEqual(live);
  });

  it("Zendesk: a signed comment names a tracking number; a stale or forged request writes nothing", async () => {
    h = await startHarness(withHelpdesk({ kind: "zendesk", domain: "snowdevil", inboundSecrets: [ZENDESK_SECRET], signatureToleranceSeconds: 300 }), "2026-11-05T10:00:00.000Z");
    await shopify(h, "orders/create", orderBody({ createdAt: "2026-11-01T09:00:00.000Z" }), "w-order");
    await shopify(h, "fulfillments/create", fulfillmentBody({ createdAt: "2026-11-02T09:00:00.000Z" }), "w-ful");
    await h.app.worker.runUntilIdle();

    const post = (body: string, headers: Record<string, string>) => h!.app.server.inject({ method: "POST", url: "/webhooks/helpdesk/zendesk", payload: body, headers });
    const body = JSON.stringify(zendeskEvent({ id: "zev-1", time: "2026-11-05T09:59:00Z", comment: { id: "c1", body: `My parcel ${TRACKING} has not moved since Monday` } }));
    const stale = await post(body, zendeskHeaders(body, "2026-11-05T09:50:00Z"));
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ error: { code: "SIGNATURE_STALE" } });
    expect((await post(body, zendeskHeaders(body, "2026-11-05T09:59:30Z", "forged-secret-0123456789"))).statusCode).toBe(401);
    expect((await get(h, "/api/events?shop=" + SHOP)).json().events.filter((e: { source: string }) => e.source === "zendesk")).toEqual([]);

    expect((await post(body, zendeskHeaders(body, "2026-11-05T09:59:30Z"))).json()).toMatchObject({ status: "stored" });
    expect((await post(body, zendeskHeaders(body, "2026-11-05T09:59:40Z"))).json()).toMatchObject({ status: "duplicate" });
    await h.app.worker.runUntilIdle();

    const t = (await get(h, "/api/tickets/zendesk:35436")).json();
    expect(t.ticket).toMatchObject({ status: "open", subject: "Parcel not arrived" });
    expect(t.orders).toEqual([expect.objectContaining({ orderId: ORDER_ID, reason: "tracking_number" })]);
    expect((await get(h, `/api/orders/${ORDER_ID}`)).json().tickets).toHaveLength(1);
    expect((await get(h, "/api/tickets/not-an-id")).statusCode).toBe(400);
    expect((await get(h, "/api/tickets/zendesk:1")).statusCode).toBe(404);
  });
});
