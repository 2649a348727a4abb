import { describe, expect, it } from "vitest";
import { listReviewItems } from "../../src/flows/review/queue.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";

const escalation = (id: string, shop: string, createdAt: string) => ({
  id,
  idempotencyKey: id,
  shop,
  channel: "review.escalation",
  orderId: null,
  decisionId: null,
  payload: { reason: `escalated in ${shop}` },
  status: "awaiting_review" as const,
  createdAt,
});

describe("the review queue of one shop", () => {
  it("holds that shop's escalations only, oldest first, and every shop's without a shop", async () => {
    const store = new MemoryStore();
    await store.applyProjection({
      ...emptyProjectionWrite(),
      outbox: [escalation("b-1", "b.myshopify.com", "2026-11-05T09:00:00.000Z"), escalation("a-2", "a.myshopify.com", "2026-11-05T11:00:00.000Z"), escalation("a-1", "a.myshopify.com", "2026-11-05T10:00:00.000Z")],
    });
    const services = { action: () => null };
    expect((await listReviewItems(store, services, { shop: "a.myshopify.com", limit: 50 })).map((i) => [i.shop, i.title])).toEqual([
      ["a.myshopify.com", "escalated in a.myshopify.com"],
      ["a.myshopify.com", "escalated in a.myshopify.com"],
    ]);
    expect((await listReviewItems(store, services, { shop: "a.myshopify.com", limit: 50 })).map((i) => i.requestedAt)).toEqual(["2026-11-05T10:00:00.000Z", "2026-11-05T11:00:00.000Z"]);
    expect((await listReviewItems(store, services, { limit: 50 })).map((i) => i.shop)).toEqual(["b.myshopify.com", "a.myshopify.com", "a.myshopify.com"]);
  });
});
