import { describe, expect, it } from "vitest";
import { verifyZendeskSignature } from "../../src/connectors/zendesk/verify.js";
import { normalizeZendesk } from "../../src/connectors/zendesk/normalize.js";
import { ZENDESK_SECRET, zendeskEvent, zendeskHeaders } from "./helpdesk-bodies.js";

const shops = [
  { shop: "a.myshopify.com", secrets: ["another-shop-secret-0123456789"], toleranceSeconds: 300 },
  { shop: "b.myshopify.com", secrets: [ZENDESK_SECRET], toleranceSeconds: 300 },
];
const NOW = new Date("2026-11-02T09:00:30Z");
const TS = "2026-11-02T09:00:00Z";

function signed(body: string, ts = TS, secret = ZENDESK_SECRET) {
  const h = zendeskHeaders(body, ts, secret);
  return { rawBody: Buffer.from(body), signature: h["x-zendesk-webhook-signature"], timestamp: h["x-zendesk-webhook-signature-timestamp"] };
}

describe("Zendesk signature", () => {
  const body = JSON.stringify(zendeskEvent());

  it("accepts base64(HMAC-SHA256(secret, timestamp + body)) and resolves the shop", () => {
    expect(verifyZendeskSignature(signed(body), shops, NOW)).toEqual({ ok: true, shop: "b.myshopify.com" });
  });

  it("rejects a changed body, a changed timestamp, a wrong secret and missing headers", () => {
    expect(verifyZendeskSignature({ ...signed(body), rawBody: Buffer.from(body.replace("OPEN", "SOLVED")) }, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyZendeskSignature({ ...signed(body), timestamp: "2026-11-02T09:00:01Z" }, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyZendeskSignature(signed(body, TS, "not-the-secret-0123456789"), shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyZendeskSignature({ rawBody: Buffer.from(body), signature: undefined, timestamp: TS }, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyZendeskSignature({ ...signed(body), signature: "abc" }, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });

  it("rejects a correctly signed request outside the tolerance window, either side", () => {
    const old = signed(body, "2026-11-02T08:54:00Z");
    expect(verifyZendeskSignature(old, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_STALE" });
    const future = signed(body, "2026-11-02T09:06:00Z");
    expect(verifyZendeskSignature(future, shops, NOW)).toMatchObject({ ok: false, code: "SIGNATURE_STALE" });
    expect(verifyZendeskSignature(signed(body, "2026-11-02T08:55:31Z"), shops, NOW)).toMatchObject({ ok: true });
  });
});

describe("Zendesk normalize", () => {
  it("turns ticket.created into ticket.upserted with Zendesk's status mapped", () => {
    const r = normalizeZendesk({ shop: "s", body: zendeskEvent({ id: "evt-1", status: "NEW" }) });
    expect(r.ok && r.event).toMatchObject({ source: "zendesk", topic: "ticket.created", deliveryId: "evt-1", occurredAt: "2026-11-02T09:00:00.000Z" });
    expect(r.ok && r.event.payload).toEqual({
      kind: "ticket.upserted",
      ticket: { helpdesk: "zendesk", ticketId: "35436", status: "open", vendorStatus: "new", channel: "web_form", subject: "Parcel not arrived", customerEmail: null, customerName: null, tags: ["shipping"], shopifyOrderRefs: [], createdAt: "2026-11-02T08:30:00.000Z", updatedAt: "2026-11-02T09:00:00.000Z" },
    });
  });

  it("maps every Zendesk status", () => {
    const statusOf = (s: string) => {
      const r = normalizeZendesk({ shop: "s", body: zendeskEvent({ type: "zen:event-type:ticket.status_changed", status: s }) });
      return r.ok && r.event.payload.kind === "ticket.upserted" ? r.event.payload.ticket.status : null;
    };
    expect(["NEW", "OPEN", "PENDING", "HOLD", "SOLVED", "CLOSED"].map(statusOf)).toEqual(["open", "open", "pending", "pending", "closed", "closed"]);
  });

  it("turns ticket.comment_added into ticket.message_added: staff or not, public or not", () => {
    const customer = normalizeZendesk({ shop: "s", body: zendeskEvent({ comment: { id: "c1", body: "order 1001 not here" } }) });
    expect(customer.ok && customer.event.payload.kind === "ticket.message_added" && customer.event.payload.message).toEqual({ id: "c1", body: "order 1001 not here", fromAgent: false, public: true, automatic: false, channel: "web_form", authorEmail: null, createdAt: "2026-11-02T09:00:00.000Z" });
    const note = normalizeZendesk({ shop: "s", body: zendeskEvent({ comment: { id: "c2", body: "checked", staff: true, public: false } }) });
    expect(note.ok && note.event.payload.kind === "ticket.message_added" && note.event.payload.message).toMatchObject({ fromAgent: true, public: false });
  });

  it("stores non-ticket events as ignored and rejects a ticket event without detail", () => {
    const user = normalizeZendesk({ shop: "s", body: { ...zendeskEvent(), type: "zen:event-type:user.active_changed" } });
    expect(user.ok && user.event.payload).toEqual({ kind: "ignored", topic: "user.active_changed" });
    expect(normalizeZendesk({ shop: "s", body: { ...zendeskEvent(), detail: { status: "OPEN" } } })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("detail") });
    expect(normalizeZendesk({ shop: "s", body: { type: "x" } })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
  });
});
