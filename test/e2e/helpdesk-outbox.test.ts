import { afterEach, describe, expect, it } from "vitest";
import { startFakeGorgias, type FakeGorgias } from "../../src/connectors/gorgias/fake-server.js";
import { bearer, easypostHeaders, SHOP, SHOPIFY_SECRET, shopifyHeaders, startHarness, type Harness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, ORDER_ID, orderBody } from "../helpers/payloads.js";
import { removeTempFolders, tempFolder } from "../helpers/temp-files.js";

const EMAIL = "ops@snowdevil.example";
const KEY = "gorgias-api-key-0123";

// A flow started by a carrier signal has no ticket in its context: it names the customer's ticket itself.
const flow = `
id: lost-parcel-ticket
version: 1
description: A lost parcel tags, notes and assigns the customer's ticket, and drafts a reply for a human.
trigger:
  events: [signal.raised]
  filter: 'signal.name == "delivery_exception"'
steps:
  - id: tag
    action: helpdesk.add_tags
    input: { ticket_id: '4821', tags: [lost-parcel] }
  - id: note
    action: helpdesk.internal_note
    input: { ticket_id: '4821', body: '{{ order.name }}: carrier reports the parcel lost' }
  - id: route
    action: helpdesk.assign
    input: { ticket_id: '4821', team_id: '12' }
  - id: answer
    action: helpdesk.reply
    input: { ticket_id: '4821', body: 'We are sorry: {{ order.name }} is lost. A replacement ships today.', customer_email: '{{ order.email }}' }
`;

let h: Harness | undefined;
let gorgias: FakeGorgias | undefined;
afterEach(async () => {
  await h?.close();
  await gorgias?.close();
  h = undefined;
  gorgias = undefined;
  removeTempFolders();
});

describe("helpdesk actions through the outbox", () => {
  it("tags, notes and assigns at once (retrying a 429 after Retry-After); the public reply waits for a human", async () => {
    gorgias = await startFakeGorgias({ email: EMAIL, apiKey: KEY, ticketIds: [4821], failPlan: [{ status: 429, retryAfter: "30" }] });
    h = await startHarness({ flowsDir: tempFolder({ "lost.yaml": flow }), shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], helpdesk: { kind: "gorgias", domain: "snowdevil", email: EMAIL, apiToken: KEY, baseUrl: gorgias.url } }] });

    const inject = (url: string, payload: string, headers: Record<string, string>) => h!.app.server.inject({ method: "POST", url, payload, headers });
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    await inject("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
    const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
    await inject("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
    const scan = easypostBody({ eventId: "evt_lost", scans: [{ at: "2026-11-05T11:00:00.000Z", status: "failure", detail: "lost" }] });
    await inject("/webhooks/tracking/easypost", scan, easypostHeaders(scan));
    h.clock.set("2026-11-05T12:00:00.000Z");
    await h.app.worker.runUntilIdle();

    // The first call met a 429: it waits at least Retry-After, then everything goes out once.
    const tag = (await h.app.store.listOutbox({ orderId: ORDER_ID })).find((a) => a.channel === "helpdesk.add_tags")!;
    expect(tag).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("HTTP 429") });
    expect(Date.parse(tag.nextAttemptAt) - Date.parse("2026-11-05T12:00:00.000Z")).toBeGreaterThanOrEqual(30_000);
    h.clock.set("2026-11-05T13:00:00.000Z");
    await h.app.worker.runUntilIdle();

    const t = gorgias.tickets.get(4821)!;
    expect(t.tags).toEqual(["lost-parcel"]);
    expect(t.messages).toEqual([expect.objectContaining({ channel: "internal-note", body_text: "#9999: carrier reports the parcel lost" })]);
    expect(t.assignee_team).toEqual({ id: 12 });

    // The reply is irreversible and customer-facing: the run waits for approval and nothing public was sent.
    const [run] = (await h.app.server.inject({ method: "GET", url: "/api/runs?status=awaiting_approval", headers: bearer })).json().runs;
    expect(run).toMatchObject({ flowId: "lost-parcel-ticket" });
    expect(gorgias.requests.filter((r) => r.path.endsWith("/messages")).map((r) => (r.body as { channel: string }).channel)).toEqual(["internal-note"]);
    const ok = await h.app.server.inject({ method: "POST", url: `/api/runs/${run.id}/approval`, headers: bearer, payload: { decision: "approve", by: "ops@snowdevil.com" } });
    expect(ok.statusCode, ok.body).toBe(200);
    await h.app.worker.runUntilIdle();
    expect(t.messages.map((m) => [m.channel, m.body_text])).toEqual([
      ["internal-note", "#9999: carrier reports the parcel lost"],
      ["email", "We are sorry: #9999 is lost. A replacement ships today."],
    ]);
    expect(t.messages[1]).toMatchObject({ receiver: { email: "jon@example.com" } });
  });
});
