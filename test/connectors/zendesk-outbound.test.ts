import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeZendesk, type FakeZendesk } from "../../src/connectors/zendesk/fake-server.js";
import { zendeskAccount } from "../../src/connectors/zendesk/account.js";
import { zendeskTicketPager } from "../../src/connectors/zendesk/list-tickets.js";
import { collectPages } from "../../src/connectors/helpdesk/paginate.js";
import { createHelpdeskChannels } from "../../src/connectors/helpdesk/channels.js";
import { HelpdeskConfig } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { ChannelRegistry } from "../../src/flows/channel.js";
import { action, ctx } from "../connectors-outbound/helpers.js";

const EMAIL = "ops@snowdevil.example";
const TOKEN = "zendesk-api-token-0123";
const OAUTH = "zendesk-oauth-access-token";
const clock = new FakeClock("2026-11-20T10:00:00.000Z");
// A recorded GET /api/v2/tickets page (100 tickets, 2012 API shape): the fake serves these objects.
const recorded = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "helpdesk", "zendesk", "zendesk_api_client_rb__GET_tickets_list.json"), "utf8")) as { tickets: Array<Record<string, unknown>> };

let fake: FakeZendesk;
const registryFor = (over: Record<string, unknown> = {}) => {
  const cfg = HelpdeskConfig.parse({ kind: "zendesk", domain: "snowdevil", email: EMAIL, apiToken: TOKEN, baseUrl: fake.url, ...over });
  const registry = new ChannelRegistry();
  for (const c of createHelpdeskChannels({ accountFor: () => zendeskAccount(cfg), timeoutMs: 2_000, clock })) registry.register(c);
  return registry;
};
let channels: ChannelRegistry;

beforeEach(async () => {
  fake = await startFakeZendesk({ email: EMAIL, apiToken: TOKEN, oauthToken: OAUTH, tickets: recorded.tickets });
  channels = registryFor();
});
afterEach(() => fake.close());

const send = (channel: string, payload: Record<string, unknown>, registry = channels) => registry.send(action(channel, payload), ctx());

describe("Zendesk outbound", () => {
  it("adds tags with PUT /api/v2/tickets/{id}/tags under email/token Basic auth", async () => {
    expect(await send("helpdesk.add_tags", { ticket_id: "1", tags: ["wismo"] })).toMatchObject({ ok: true, status: 200 });
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: "PUT", path: "/api/v2/tickets/1/tags", body: { tags: ["wismo"] } });
    expect(req.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64")}`);
    expect(fake.tickets.get(1)!.tags).toEqual(["sample", "zendesk", "wismo"]); // added, not replaced
  });

  it("posts a note as a private comment and a reply as a public one, with a Bearer token when configured", async () => {
    const bearer = registryFor({ oauthToken: OAUTH });
    await send("helpdesk.internal_note", { ticket_id: "2", body: "Carrier says lost." }, bearer);
    await send("helpdesk.reply", { ticket_id: "2", body: "We are reshipping today." }, bearer);
    expect(fake.requests.slice(-2).map((r) => [r.method, r.path, r.body, r.authorization])).toEqual([
      ["PUT", "/api/v2/tickets/2", { ticket: { comment: { body: "Carrier says lost.", public: false } } }, `Bearer ${OAUTH}`],
      ["PUT", "/api/v2/tickets/2", { ticket: { comment: { body: "We are reshipping today.", public: true } } }, `Bearer ${OAUTH}`],
    ]);
    expect(fake.tickets.get(2)!.comments.map((c) => c.public)).toEqual([false, true]);
  });

  it("assigns a group and sets the intent custom field (or tag) as ticket updates", async () => {
    await send("helpdesk.assign", { ticket_id: "3", team_id: "20001662" });
    expect(fake.tickets.get(3)!.group_id).toBe(20001662);
    await send("helpdesk.set_intent", { ticket_id: "3", intent: "refund/request" });
    expect(fake.tickets.get(3)!.tags).toContain("intent_refund_request");
    await send("helpdesk.set_intent", { ticket_id: "3", intent: "refund/request" }, registryFor({ intentFieldId: "360001" }));
    expect(fake.tickets.get(3)!.custom_fields).toEqual([{ id: 360001, value: "refund/request" }]);
  });

  it("retries 429 (Retry-After) and 5xx; dead-letters 401/404 with Zendesk's error body", async () => {
    fake.failPlan.push({ status: 429, retryAfter: "12" }, 503);
    expect(await send("helpdesk.add_tags", { ticket_id: "1", tags: ["a"] })).toMatchObject({ ok: false, retryable: true, code: "RATE_LIMITED", retryAfterMs: 12_000 });
    expect(await send("helpdesk.add_tags", { ticket_id: "1", tags: ["a"] })).toMatchObject({ ok: false, retryable: true, code: "SERVER_ERROR" });
    expect(await send("helpdesk.add_tags", { ticket_id: "5", tags: ["a"] })).toMatchObject({ ok: false, retryable: false, code: "NOT_FOUND", error: expect.stringContaining("RecordNotFound") });
    const denied = await send("helpdesk.add_tags", { ticket_id: "1", tags: ["a"] }, registryFor({ apiToken: "wrong-token-0123" }));
    expect(denied).toMatchObject({ ok: false, retryable: false, code: "UNAUTHORIZED", error: expect.stringContaining("Couldn't authenticate you") });
  });

  it("walks cursor pages (meta.has_more, links.next) to the end", async () => {
    const account = zendeskAccount(HelpdeskConfig.parse({ kind: "zendesk", domain: "snowdevil", email: EMAIL, apiToken: TOKEN, baseUrl: fake.url }));
    if (!account.ok) throw new Error(account.message);
    const all = await collectPages(account.account, zendeskTicketPager(40), { timeoutMs: 2_000, maxPages: 10 });
    expect(all).toMatchObject({ ok: true, pages: 3, complete: true });
    expect(all.ok && all.items.map((t) => t.id)).toEqual(recorded.tickets.map((t) => t.id));
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.query.get("page[after]") !== null)).toEqual([false, true, true]);
  });

  it("follows offset pagination (next_page) when that is what comes back", async () => {
    const account = zendeskAccount(HelpdeskConfig.parse({ kind: "zendesk", domain: "snowdevil", email: EMAIL, apiToken: TOKEN, baseUrl: fake.url }));
    if (!account.ok) throw new Error(account.message);
    const pager = { ...zendeskTicketPager(), firstPath: "/api/v2/tickets.json?per_page=30" };
    const all = await collectPages(account.account, pager, { timeoutMs: 2_000, maxPages: 10 });
    expect(all).toMatchObject({ ok: true, pages: 4, complete: true });
    expect(all.ok && all.items).toHaveLength(100);
  });
});
