import { describe, expect, it } from "vitest";
import { verifyGorgiasToken } from "../../src/connectors/gorgias/verify.js";
import { normalizeGorgias } from "../../src/connectors/gorgias/normalize.js";
import { gorgiasWebhookSource } from "../../src/connectors/gorgias/webhook-source.js";
import { GORGIAS_TOKEN, gorgiasBody } from "./helpdesk-bodies.js";

const shops = [
  { shop: "a.myshopify.com", secrets: ["token-of-shop-a-0123456789"], toleranceSeconds: 300 },
  { shop: "b.myshopify.com", secrets: ["old-token-of-b-0123456789", GORGIAS_TOKEN], toleranceSeconds: 300 },
];
const RECEIVED = "2026-11-02T09:00:05.000Z";

describe("Gorgias token", () => {
  it("resolves the shop whose token matches, any of its rotated tokens", () => {
    expect(verifyGorgiasToken(GORGIAS_TOKEN, shops)).toEqual({ ok: true, shop: "b.myshopify.com" });
    expect(verifyGorgiasToken("token-of-shop-a-0123456789", shops)).toEqual({ ok: true, shop: "a.myshopify.com" });
  });

  it("rejects a missing, wrong or prefix token", () => {
    expect(verifyGorgiasToken(undefined, shops)).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyGorgiasToken("", shops)).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyGorgiasToken("nope", shops)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyGorgiasToken(GORGIAS_TOKEN.slice(0, -1), shops)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });

  it("reads the header first, the URL token second", () => {
    const source = gorgiasWebhookSource(shops);
    const viaHeader = source.authenticate({ headers: { "x-firebreak-token": GORGIAS_TOKEN }, rawBody: Buffer.from("{}"), query: {} });
    const viaQuery = source.authenticate({ headers: {}, rawBody: Buffer.from("{}"), query: { token: "token-of-shop-a-0123456789" } });
    expect(viaHeader).toMatchObject({ ok: true, shop: "b.myshopify.com" });
    expect(viaQuery).toMatchObject({ ok: true, shop: "a.myshopify.com" });
  });
});

describe("Gorgias normalize", () => {
  it("turns a message-created call into ticket.message_added with templated text parsed", () => {
    const r = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody({ message: { id: "901", body: "Where is order #1001?", at: "2026-11-02T08:59:00Z" } }) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toMatchObject({ source: "gorgias", topic: "ticket-message-created", deliveryId: "ticket:4821:2026-11-02T09:00:00.000Z:message:901", occurredAt: "2026-11-02T09:00:00.000Z" });
    expect(r.event.payload).toEqual({
      kind: "ticket.message_added",
      ticket: {
        helpdesk: "gorgias",
        ticketId: "4821",
        status: "open",
        vendorStatus: "open",
        channel: "email",
        subject: "Where is my order?",
        customerEmail: "ada@example.com",
        customerName: "Ada Lovelace",
        tags: ["wismo", "vip"],
        shopifyOrderRefs: [],
        createdAt: "2026-11-02T08:00:00.000Z",
        updatedAt: "2026-11-02T09:00:00.000Z",
      },
      message: { id: "901", body: "Where is order #1001?", fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: "ada@example.com", createdAt: "2026-11-02T08:59:00.000Z" },
    });
  });

  it("maps closed, snoozed (pending), internal notes, rule messages and Shopify order refs", () => {
    const closed = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody({ status: "closed", orders: "5524854669458439831, #1002" }) });
    expect(closed.ok && closed.event.payload.kind === "ticket.upserted" && closed.event.payload.ticket).toMatchObject({ status: "closed", shopifyOrderRefs: ["5524854669458439831", "#1002"] });
    const snoozed = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody({ snooze: "2026-11-05T00:00:00Z" }) });
    expect(snoozed.ok && snoozed.event.payload.kind === "ticket.upserted" && snoozed.event.payload.ticket.status).toBe("pending");
    const note = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody({ message: { id: "7", body: "checked", fromAgent: true, channel: "internal-note", at: "2026-11-02T09:00:00Z" } }) });
    expect(note.ok && note.event.payload.kind === "ticket.message_added" && note.event.payload.message).toMatchObject({ fromAgent: true, public: false });
    const auto = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody({ message: { id: "8", body: "We got it", fromAgent: true, via: "rule", at: "2026-11-02T09:00:00Z" } }) });
    expect(auto.ok && auto.event.payload.kind === "ticket.message_added" && auto.event.payload.message.automatic).toBe(true);
  });

  it("gives a retry the same delivery id and a new update a new one, even when it repeats the last message", () => {
    const id = (over: Parameters<typeof gorgiasBody>[0]) => {
      const r = normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: gorgiasBody(over) });
      return r.ok ? r.event.deliveryId : null;
    };
    const msg = { id: "901", body: "hi", at: "2026-11-02T09:00:00Z" };
    expect(id({})).toBe(id({}));
    expect(id({})).not.toBe(id({ updated: "2026-11-02T10:00:00Z" }));
    expect(id({ message: msg })).toBe(id({ message: msg }));
    expect(id({ message: msg, status: "closed", updated: "2026-11-02T10:00:00Z" })).not.toBe(id({ message: msg }));
  });

  it("rejects a body without a ticket id or a usable time, naming the field", () => {
    expect(normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: { ticket: { status: "open" } } })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("ticket.id") });
    const noTime = gorgiasBody({ updated: "{{ticket.updated_datetime}}", created: "" });
    expect(normalizeGorgias({ shop: "s", receivedAt: RECEIVED, body: noTime })).toMatchObject({ ok: false, message: expect.stringContaining("updated_datetime") });
  });
});
