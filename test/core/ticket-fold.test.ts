import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { foldTicket, type TicketFact } from "../../src/core/ticket-fold.js";
import type { TicketMessage, TicketSnapshot, TicketStatus } from "../../src/core/ticket-payload.js";

const snap = (status: TicketStatus, updatedAt: string, over: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  helpdesk: "gorgias",
  ticketId: "1",
  status,
  vendorStatus: status,
  channel: "email",
  subject: "Where is my order?",
  customerEmail: "ada@example.com",
  customerName: "Ada",
  tags: [],
  shopifyOrderRefs: [],
  createdAt: "2026-11-02T08:00:00.000Z",
  updatedAt,
  ...over,
});
const msg = (id: string, createdAt: string, over: Partial<TicketMessage> = {}): TicketMessage => ({ id, body: "hi", fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: null, createdAt, ...over });
const fact = (status: TicketStatus, at: string, message: TicketMessage | null = null, over: Partial<TicketSnapshot> = {}): TicketFact => ({ at, ticket: snap(status, at, over), message });

const life: TicketFact[] = [
  fact("open", "2026-11-02T08:00:00.000Z", msg("m1", "2026-11-02T08:00:00.000Z")),
  fact("open", "2026-11-02T08:01:00.000Z", msg("auto", "2026-11-02T08:01:00.000Z", { fromAgent: true, automatic: true })),
  fact("open", "2026-11-02T08:30:00.000Z", msg("note", "2026-11-02T08:30:00.000Z", { fromAgent: true, public: false })),
  fact("pending", "2026-11-02T09:00:00.000Z", msg("reply", "2026-11-02T09:00:00.000Z", { fromAgent: true })),
  fact("closed", "2026-11-02T10:00:00.000Z"),
  fact("open", "2026-11-03T10:00:00.000Z", msg("m2", "2026-11-03T10:00:00.000Z")),
  fact("closed", "2026-11-03T12:00:00.000Z"),
];

describe("foldTicket", () => {
  it("derives transitions, reopen count, first response (human, public) and resolution", () => {
    const t = foldTicket("shop", null, life);
    expect(t.transitions.map((x) => `${x.kind}:${x.to}`)).toEqual(["opened:open", "pending:pending", "closed:closed", "reopened:open", "closed:closed"]);
    expect(t.reopenCount).toBe(1);
    expect(t.status).toBe("closed");
    expect(t.firstResponseAt).toBe("2026-11-02T09:00:00.000Z"); // not the auto-reply, not the note
    expect(t.firstResponseSeconds).toBe(3600);
    expect(t.firstResolvedAt).toBe("2026-11-02T10:00:00.000Z");
    expect(t.firstResolutionSeconds).toBe(7200);
    expect(t.closedAt).toBe("2026-11-03T12:00:00.000Z");
    expect(t.messages.map((m) => m.id)).toEqual(["m1", "auto", "note", "reply", "m2"]);
  });

  it("folds to the same ticket whatever order and batching the facts arrive in", () => {
    const whole = foldTicket("shop", null, life);
    fc.assert(
      fc.property(fc.shuffledSubarray(life, { minLength: life.length, maxLength: life.length }), fc.integer({ min: 1, max: life.length }), (shuffled, cut) => {
        const first = foldTicket("shop", null, shuffled.slice(0, cut));
        const both = foldTicket("shop", first, shuffled.slice(cut));
        expect(both).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it("keeps newer snapshot fields when an older snapshot arrives late, and fills what it lacked", () => {
    const newer = foldTicket("shop", null, [fact("open", "2026-11-02T09:00:00.000Z", null, { subject: "new subject", customerEmail: null })]);
    const t = foldTicket("shop", newer, [fact("open", "2026-11-02T08:00:00.000Z", null, { subject: "old subject", customerEmail: "ADA@example.com" })]);
    expect(t.subject).toBe("new subject");
    expect(t.customerEmail).toBe("ada@example.com");
    expect(t.updatedAt).toBe("2026-11-02T09:00:00.000Z");
  });

  it("has no first response or resolution while the ticket waits for one", () => {
    const t = foldTicket("shop", null, [fact("open", "2026-11-02T08:00:00.000Z", msg("m1", "2026-11-02T08:00:00.000Z"))]);
    expect(t).toMatchObject({ status: "open", firstResponseAt: null, firstResponseSeconds: null, firstResolvedAt: null, closedAt: null, reopenCount: 0 });
  });
});
