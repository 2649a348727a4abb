import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TOKEN, bearer, fixture, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { ORDER_ID } from "../helpers/payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (const topic of ["orders/create", "fulfillments/create"]) {
    const body = fixture(`shopify/shopify-dev-2026-07/${topic.replace("/", "__")}.json`);
    await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers: shopifyHeaders(topic, body) });
  }
  await h.app.worker.runUntilIdle();
});
afterAll(async () => {
  await h.close();
});

const get = (url: string, headers: Record<string, string> = bearer) => h.app.server.inject({ method: "GET", url, headers });

describe("API authentication", () => {
  const routes = ["/api/orders/1", "/api/orders", "/api/outbox", "/api/events", "/api/summary", "/api/nope"];
  for (const [name, headers] of [
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-wrong-token-wrong-token" }],
    ["the token as Basic", { authorization: `Basic ${API_TOKEN}` }],
    ["the token with a byte changed", { authorization: `Bearer ${API_TOKEN.slice(0, -1)}X` }],
  ] as const) {
    it(`rejects ${name} with 401 on every API route`, async () => {
      for (const url of routes) {
        const res = await get(url, headers);
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error.code).toBe("TOKEN_INVALID");
      }
      const post = await h.app.server.inject({ method: "POST", url: "/api/outbox/x/retry", headers });
      expect(post.statusCode).toBe(401);
    });
  }

  it("serves /healthz and the page without a token, and the page holds no data", async () => {
    expect((await get("/healthz", {})).json()).toEqual({ status: "ok", store: "sqlite" });
    const page = await get("/", {});
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("/api/summary");
    expect(page.body).not.toContain(ORDER_ID);
  });
});

describe("GET /api/orders/:id", () => {
  it("finds the order by numeric id and by gid, with journey, signals and timeline", async () => {
    const byId = await get(`/api/orders/${ORDER_ID}`);
    expect(byId.statusCode).toBe(200);
    const body = byId.json();
    expect(body.journey).toMatchObject({ orderId: ORDER_ID, orderGid: `gid://shopify/Order/${ORDER_ID}`, name: "#9999", totalPrice: "404.95" });
    expect(body.journey.shipments[0]).toMatchObject({ trackingNumber: "1z827wk74630", carrier: "UPS" });
    expect(Array.isArray(body.signals)).toBe(true);
    expect(body.timeline.filter((e: { type: string }) => e.type === "event")).toHaveLength(2);
    const byGid = await get(`/api/orders/${encodeURIComponent(`gid://shopify/Order/${ORDER_ID}`)}`);
    expect(byGid.json().journey).toEqual(body.journey);
  });

  it("says what is wrong with a bad id, and 404s an unknown order", async () => {
    const bad = await get("/api/orders/not-an-id");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/not a Shopify order id/);
    expect((await get("/api/orders/123")).statusCode).toBe(404);
  });
});

describe("GET /api/outbox and /api/events", () => {
  it("validates the status filter", async () => {
    const res = await get("/api/outbox?status=sent");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("BAD_REQUEST");
    expect((await get("/api/outbox?status=pending")).json()).toEqual({ actions: [] });
  });

  it("lists an order's events, ids as strings", async () => {
    const res = await get(`/api/events?order=${ORDER_ID}`);
    const events = res.json().events;
    expect(events.map((e: { topic: string }) => e.topic)).toEqual(["orders/create", "fulfillments/create"]);
    expect(res.body).toContain(`"orderKey":"${ORDER_ID}"`);
  });
});
