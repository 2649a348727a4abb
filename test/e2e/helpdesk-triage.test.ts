import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { removeTempFolders, tempFolder } from "../helpers/temp-files.js";
import { startFakeGorgias, type FakeGorgias } from "../../src/connectors/gorgias/fake-server.js";
import { startFakeZendesk, type FakeZendesk } from "../../src/connectors/zendesk/fake-server.js";
import { bearer, easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, ORDER_ID, orderBody, TRACKING } from "../helpers/payloads.js";
import { GORGIAS_TOKEN, gorgiasBody, ZENDESK_SECRET, zendeskEvent, zendeskHeaders } from "../connectors/helpdesk-bodies.js";

const EMAIL = "ops@snowdevil.example";
const KEY = "gorgias-api-key-0123";

let h: Harness | undefined;
let gorgias: FakeGorgias | undefined;
let zendesk: FakeZendesk | undefined;
afterEach(async () => {
  await h?.close();
  await gorgias?.close();
  await zendesk?.close();
  h = undefined;
  gorgias = undefined;
  zendesk = undefined;
  removeTempFolders();
});

const policyFile = (text: string): string => join(tempFolder({ "policy.yaml": text }, "firebreak-policy-"), "policy.yaml");

async function shopWithGorgias(teams: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  gorgias = await startFakeGorgias({ email: EMAIL, apiKey: KEY, ticketIds: [4821, 4822] });
  await shipTheOrder({
    helpdesk: { kind: "gorgias", domain: "snowdevil", email: EMAIL, apiToken: KEY, baseUrl: gorgias.url, inboundSecrets: [GORGIAS_TOKEN] },
    settings: { triage: { teams } },
  }, extra);
}

async function shipTheOrder(shop: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  h = await startHarness({ shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], ...shop }], ...extra });
  const inject = (url: string, payload: string, headers: Record<string, string>) => h!.app.server.inject({ method: "POST", url, payload, headers });
  // #9999 (404.95 USD, jon@example.com) ships on Nov 3 and is in transit.
  const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
  await inject("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
  const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
  await inject("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
  const scan = easypostBody({ eventId: "evt_transit", scans: [{ at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" }] });
  await inject("/webhooks/tracking/easypost", scan, easypostHeaders(scan));
  h.clock.set("2026-11-04T12:00:00.000Z");
  await h.app.worker.runUntilIdle();
}

async function ticket(id: string, body: string, at = "2026-11-04T12:30:00Z") {
  const res = await h!.app.server.inject({
    method: "POST",
    url: "/webhooks/helpdesk/gorgias",
    payload: JSON.stringify(gorgiasBody({ ticketId: id, email: "jon@example.com", message: { id: `${id}-1`, body, at }, updated: at, created: at })),
    headers: { "content-type": "application/json", "x-firebreak-token": GORGIAS_TOKEN },
  });
  expect(res.statusCode, res.body).toBe(200);
  h!.clock.set("2026-11-04T12:31:00.000Z");
  await h!.app.worker.runUntilIdle();
}

const get = (url: string) => h!.app.server.inject({ method: "GET", url, headers: bearer });

describe("a helpdesk ticket end to end: classified, noted, tagged, routed, drafted, approved, replied", () => {
  it("a WISMO question gets the live order picture as a note, intent tags, and a grounded draft that a person approves with an edit", async () => {
    await shopWithGorgias({ vip: "5", normal: "7" });
    await ticket("4821", "Where is my order #9999? Can you tell me when it will arrive?");

    // The triage is an event in the log: what the model saw and decided is kept once, for replays too.
    const triaged = (await h!.app.store.listEvents({ shop: SHOP })).filter((e) => e.payload.kind === "ticket.triaged");
    expect(triaged).toHaveLength(1);
    const t = triaged[0]!.payload as Extract<(typeof triaged)[number]["payload"], { kind: "ticket.triaged" }>;
    expect(t).toMatchObject({ helpdesk: "gorgias", ticketId: "4821", messageId: "4821-1", orderId: ORDER_ID, humanReasons: [] });
    expect(t.classification.intent).toBe("shipping/status");
    // The audit trail keeps the input with personal data out: the customer's name and e-mail are placeholders.
    expect(t.redactedMessage).toContain("Where is my order #9999?");
    expect(t.redactedMessage).not.toMatch(/jon@example\.com/i);
    expect(t.classification.engine).toMatch(/^offline:/);
    expect(t.draft).toMatchObject({ offered: true });

    const g = gorgias!.tickets.get(4821)!;
    const note = g.messages.find((m) => m.channel === "internal-note")!;
    expect(note.body_text).toContain("Firebreak triage: shipping/status");
    expect(note.body_text).toContain("#9999");
    expect(note.body_text).toMatch(/InTransit/);
    expect(note.body_text).toMatch(/expected by 2026-11-\d\d/);
    expect(g.tags).toEqual(expect.arrayContaining(["shipping/status", "intent__shipping_status"]));
    // 404.95 is over the shop's 150 escalation value: the VIP lane, and the routing run says why.
    expect(g.assignee_team).toEqual({ id: 5 });
    const [routing] = (await get("/api/runs?flow=ticket-routing")).json().runs;
    expect(routing).toMatchObject({ status: "stopped", reason: "routed to the VIP lane" });
    // Nothing public went out: the draft waits for a person.
    expect(g.messages.filter((m) => m.channel !== "internal-note")).toEqual([]);

    const items = (await get("/api/review?kind=draft")).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "draft", orderId: ORDER_ID, flow: { id: "ticket-draft" }, order: { name: "#9999" } });
    expect(items[0].draft).toContain("#9999");
    expect(items[0].draft).toBe(t.draft!.text);

    const edited = `${items[0].draft as string}\n\nWarmly, Sam`;
    const ok = await h!.app.server.inject({ method: "POST", url: `/api/review/${items[0].id}/approve`, headers: bearer, payload: { by: "sam@snowdevil.com", text: edited } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decision).toMatchObject({ itemKind: "draft", decision: "edit", by: "sam@snowdevil.com", edited });
    await h!.app.worker.runUntilIdle();
    const replies = gorgias!.tickets.get(4821)!.messages.filter((m) => m.channel === "email");
    expect(replies).toEqual([expect.objectContaining({ body_text: edited, from_agent: true })]);
  });

  it("a legal threat goes to a person with the reason, is escalated, and gets no draft", async () => {
    await shopWithGorgias({ human: "9", normal: "7" });
    await ticket("4822", "Where is order #9999?? If it is not here tomorrow my lawyer will hear about this and I will file a chargeback. Call me on +1 415 555 0100 or write to jon.lovelace@example.com.");
    const [e] = (await h!.app.store.listEvents({ shop: SHOP })).filter((x) => x.payload.kind === "ticket.triaged");
    const t = e!.payload as { humanReasons: string[]; draft: unknown; tags: string[]; redactedMessage: string };
    expect(t.redactedMessage).toContain("my lawyer");
    expect(t.redactedMessage).not.toMatch(/555 0100|jon\.lovelace@example\.com/);
    expect(t.humanReasons.join(" ")).toMatch(/legal|lawyer|chargeback/i);
    expect(t.draft).toBeNull();
    expect(t.tags).toContain("firebreak_needs_human");
    expect(gorgias!.tickets.get(4822)!.assignee_team).toEqual({ id: 9 });
    const items = (await get("/api/review")).json().items;
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(["escalation"]);
    expect(items[0]).toMatchObject({ title: "a person must take this ticket", orderId: ORDER_ID });
    expect(items[0].reasons.join(" ")).toMatch(/legal|lawyer|chargeback/i);
  });

  it("an agent's own message is not triaged, and a redelivered customer message is triaged once", async () => {
    await shopWithGorgias();
    await ticket("4821", "Where is my order #9999?");
    await ticket("4821", "Where is my order #9999?");
    const agent = gorgiasBody({ ticketId: "4821", email: "jon@example.com", message: { id: "4821-2", body: "It is on its way!", fromAgent: true, at: "2026-11-04T13:00:00Z" }, updated: "2026-11-04T13:00:00Z", created: "2026-11-04T12:30:00Z" });
    await h!.app.server.inject({ method: "POST", url: "/webhooks/helpdesk/gorgias", payload: JSON.stringify(agent), headers: { "content-type": "application/json", "x-firebreak-token": GORGIAS_TOKEN } });
    await h!.app.worker.runUntilIdle();
    expect((await h!.app.store.listEvents({ shop: SHOP })).filter((x) => x.payload.kind === "ticket.triaged")).toHaveLength(1);
    expect((await h!.app.store.listOutbox({})).filter((a) => a.channel === "ai.triage")).toHaveLength(1);
  });

  it("Zendesk: a comment naming a tracking number is matched, noted, tagged and drafted; the approved reply is a public comment", async () => {
    zendesk = await startFakeZendesk({ email: EMAIL, apiToken: KEY, tickets: [{ id: 35436, subject: "Parcel not arrived", status: "open" }] });
    await shipTheOrder({ helpdesk: { kind: "zendesk", domain: "snowdevil", email: EMAIL, apiToken: KEY, baseUrl: zendesk.url, inboundSecrets: [ZENDESK_SECRET] } });
    h!.clock.set("2026-11-04T12:30:30.000Z");
    const body = JSON.stringify(zendeskEvent({ id: "zev-1", time: "2026-11-04T12:30:00Z", comment: { id: "c1", body: `Where is my order? The tracking number is ${TRACKING}. Can you tell me when it will arrive?` } }));
    const res = await h!.app.server.inject({ method: "POST", url: "/webhooks/helpdesk/zendesk", payload: body, headers: zendeskHeaders(body, "2026-11-04T12:30:20Z") });
    expect(res.statusCode, res.body).toBe(200);
    await h!.app.worker.runUntilIdle();

    const [e] = (await h!.app.store.listEvents({ shop: SHOP })).filter((x) => x.payload.kind === "ticket.triaged");
    expect(e!.payload).toMatchObject({ helpdesk: "zendesk", ticketId: "35436", orderId: ORDER_ID, classification: { intent: "shipping/status" }, draft: { offered: true } });
    const t = zendesk.tickets.get(35436)!;
    expect(t.comments.find((c) => !c.public)?.body).toContain("Firebreak triage: shipping/status");
    expect(t.tags).toEqual(expect.arrayContaining(["intent__shipping_status"]));

    const [item] = (await get("/api/review?kind=draft")).json().items;
    expect(item.draft).toContain(TRACKING);
    const ok = await h!.app.server.inject({ method: "POST", url: `/api/review/${item.id}/approve`, headers: bearer, payload: { by: "sam@snowdevil.com" } });
    expect(ok.json().decision).toMatchObject({ decision: "approve", itemKind: "draft" });
    await h!.app.worker.runUntilIdle();
    expect(zendesk.tickets.get(35436)!.comments.filter((c) => c.public).map((c) => c.body)).toEqual([item.draft]);
  });

  it("auto-send, when the policy allows the intent: a confident, guarded WISMO reply goes out without a person, and the run says why", async () => {
    await shopWithGorgias({}, { policyFile: policyFile("auto_send_replies:\n  intents: [shipping/status]\n  min_confidence: 0.9\n") });
    await ticket("4821", "Where is my order #9999? Can you tell me when it will arrive?");
    expect((await get("/api/review?kind=draft")).json().items).toEqual([]);
    const replies = gorgias!.tickets.get(4821)!.messages.filter((m) => m.channel === "email");
    expect(replies).toHaveLength(1);
    const [run] = (await get("/api/runs?flow=ticket-draft")).json().runs;
    expect(run.status).toBe("completed");
    const reply = run.steps.find((s: { id: string }) => s.id === "reply-email");
    expect(reply.output.automatic.join(" ")).toMatch(/auto-sent: shipping\/status is in policy auto_send_replies\.intents, confidence \d\.\d\d >= 0\.9/);
    expect(replies[0]!.body_text).toBe(reply.input.body);
  });

  it("auto-send does not cover other intents, low confidence or a handover: those drafts wait, saying which condition failed", async () => {
    await shopWithGorgias({}, { policyFile: policyFile("auto_send_replies:\n  intents: [return/policy]\n") });
    await ticket("4821", "Where is my order #9999? Can you tell me when it will arrive?");
    const [item] = (await get("/api/review?kind=draft")).json().items;
    expect(item.reasons.join(" ")).toMatch(/intent shipping\/status is not in policy auto_send_replies\.intents \(return\/policy\)/);
    expect(gorgias!.tickets.get(4821)!.messages.filter((m) => m.channel === "email")).toEqual([]);
  });
});
