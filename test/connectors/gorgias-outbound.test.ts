import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGorgias, type FakeGorgias } from "../../src/connectors/gorgias/fake-server.js";
import { gorgiasAccount } from "../../src/connectors/gorgias/account.js";
import { gorgiasTicketPager } from "../../src/connectors/gorgias/list-tickets.js";
import { collectPages } from "../../src/connectors/helpdesk/paginate.js";
import { createHelpdeskChannels } from "../../src/connectors/helpdesk/channels.js";
import { HelpdeskConfig } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { ChannelRegistry } from "../../src/flows/channel.js";
import { action, ctx } from "../connectors-outbound/helpers.js";

const EMAIL = "ops@snowdevil.example";
const KEY = "gorgias-api-key-0123";
let fake: FakeGorgias;
let channels: ChannelRegistry;
const clock = new FakeClock("2026-11-20T10:00:00.000Z");

function configure(over: Record<string, unknown> = {}) {
  const cfg = HelpdeskConfig.parse({ kind: "gorgias", domain: "snowdevil", email: EMAIL, apiToken: KEY, baseUrl: fake.url, ...over });
  const registry = new ChannelRegistry();
  for (const c of createHelpdeskChannels({ accountFor: (shop) => (shop === "demo.myshopify.com" ? gorgiasAccount(cfg) : null), timeoutMs: 2_000, clock })) registry.register(c);
  return registry;
}

beforeEach(async () => {
  fake = await startFakeGorgias({ email: EMAIL, apiKey: KEY, ticketIds: [1, 2, 3, 4, 5, 4821] });
  channels = configure();
});
afterEach(() => fake.close());

const send = (channel: string, payload: Record<string, unknown>) => channels.send(action(channel, payload), ctx());

describe("Gorgias outbound", () => {
  it("adds tags with Basic auth (email:api_key) on POST /api/tickets/{id}/tags", async () => {
    expect(await send("helpdesk.add_tags", { ticket_id: "4821", tags: ["wismo", "delayed"] })).toMatchObject({ ok: true, status: 201 });
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: "POST", path: "/api/tickets/4821/tags", body: { names: ["wismo", "delayed"] } });
    expect(req.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:${KEY}`).toString("base64")}`);
    expect(fake.tickets.get(4821)!.tags).toEqual(["wismo", "delayed"]);
  });

  it("posts an internal note as a message on the internal-note channel", async () => {
    expect(await send("helpdesk.internal_note", { ticket_id: "4821", body: "Order #9999 is 3 days late (transit_stalled)." })).toMatchObject({ ok: true });
    expect(fake.tickets.get(4821)!.messages).toEqual([expect.objectContaining({ channel: "internal-note", from_agent: true, via: "api", sender: { email: EMAIL }, body_text: "Order #9999 is 3 days late (transit_stalled).", public: false })]);
  });

  it("posts a public reply on the ticket's channel to the customer", async () => {
    expect(await send("helpdesk.reply", { ticket_id: "4821", body: "It is on its way.", customer_email: "jon@example.com" })).toMatchObject({ ok: true });
    expect(fake.tickets.get(4821)!.messages[0]).toMatchObject({ channel: "email", from_agent: true, receiver: { email: "jon@example.com" }, source: { type: "email", from: { address: EMAIL }, to: [{ address: "jon@example.com" }] }, public: true });
    const noReceiver = await send("helpdesk.reply", { ticket_id: "4821", body: "Hi" });
    expect(noReceiver).toMatchObject({ ok: false, retryable: false, code: "PAYLOAD_INVALID" });
  });

  it("assigns a team with PUT /api/tickets/{id}", async () => {
    await send("helpdesk.assign", { ticket_id: "4821", team_id: "12" });
    expect(fake.requests.at(-1)).toMatchObject({ method: "PUT", path: "/api/tickets/4821", body: { assignee_team: { id: 12 } } });
    expect(fake.tickets.get(4821)!.assignee_team).toEqual({ id: 12 });
  });

  it("sets the intent in the configured custom field, or as an intent_* tag without one", async () => {
    await send("helpdesk.set_intent", { ticket_id: "4821", intent: "shipping/status" });
    expect(fake.tickets.get(4821)!.tags).toEqual(["intent_shipping_status"]);
    channels = configure({ intentFieldId: "77" });
    await send("helpdesk.set_intent", { ticket_id: "4821", intent: "order/damaged" });
    expect(fake.requests.at(-1)).toMatchObject({ method: "PUT", path: "/api/tickets/4821/custom-fields", body: [{ id: 77, value: "order/damaged" }] });
  });

  it("maps 429 + Retry-After and 5xx to retryable, 4xx to dead with the vendor's body, and never leaks the key", async () => {
    fake.failPlan.push({ status: 429, retryAfter: "7" }, 500);
    expect(await send("helpdesk.add_tags", { ticket_id: "4821", tags: ["a"] })).toMatchObject({ ok: false, retryable: true, code: "RATE_LIMITED", retryAfterMs: 7000, status: 429 });
    expect(await send("helpdesk.add_tags", { ticket_id: "4821", tags: ["a"] })).toMatchObject({ ok: false, retryable: true, code: "SERVER_ERROR" });
    const missing = await send("helpdesk.add_tags", { ticket_id: "999", tags: ["a"] });
    expect(missing).toMatchObject({ ok: false, retryable: false, code: "NOT_FOUND", error: expect.stringContaining("Resource not found") });
    const badKey = new ChannelRegistry();
    const wrong = gorgiasAccount(HelpdeskConfig.parse({ kind: "gorgias", domain: "snowdevil", email: EMAIL, apiToken: "wrong-key-0123", baseUrl: fake.url }));
    for (const c of createHelpdeskChannels({ accountFor: () => wrong, timeoutMs: 2_000 })) badKey.register(c);
    const denied = await badKey.send(action("helpdesk.add_tags", { ticket_id: "4821", tags: ["a"] }), ctx());
    expect(denied).toMatchObject({ ok: false, retryable: false, code: "UNAUTHORIZED" });
    expect(JSON.stringify(denied)).not.toContain("wrong-key-0123");
  });

  it("refuses a bad input or a shop without a helpdesk permanently, before any request", async () => {
    const before = fake.requests.length;
    expect(await send("helpdesk.add_tags", { ticket_id: "abc", tags: ["a"] })).toMatchObject({ ok: false, retryable: false, code: "PAYLOAD_INVALID" });
    const other = await channels.send({ ...action("helpdesk.add_tags", { ticket_id: "1", tags: ["a"] }), shop: "other.myshopify.com" }, ctx());
    expect(other).toMatchObject({ ok: false, retryable: false, code: "CHANNEL_NOT_CONFIGURED" });
    expect(fake.requests.length).toBe(before);
  });

  it("walks the ticket list by meta.next_cursor and stops at a 429", async () => {
    const account = gorgiasAccount(HelpdeskConfig.parse({ kind: "gorgias", domain: "snowdevil", email: EMAIL, apiToken: KEY, baseUrl: fake.url }));
    if (!account.ok) throw new Error(account.message);
    const all = await collectPages(account.account, gorgiasTicketPager(4), { timeoutMs: 2_000, maxPages: 10 });
    expect(all).toMatchObject({ ok: true, pages: 2, complete: true });
    expect(all.ok && all.items.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 4821]);
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.query.has("cursor"))).toEqual([false, true]);
    fake.failPlan.push({ status: 429, retryAfter: "30" });
    expect(await collectPages(account.account, gorgiasTicketPager(4), { timeoutMs: 2_000, maxPages: 10, clock })).toMatchObject({ ok: false, code: "RATE_LIMITED", retryAfterMs: 30_000 });
    expect(await collectPages(account.account, gorgiasTicketPager(2), { timeoutMs: 2_000, maxPages: 2 })).toMatchObject({ ok: true, pages: 2, complete: false });
  });
});
