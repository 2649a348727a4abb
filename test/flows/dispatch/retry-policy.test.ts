import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../src/store/sqlite/open.js";
import { emptyProjectionWrite } from "../../../src/store/projection-write.js";
import { dispatchDue } from "../../../src/flows/dispatcher.js";
import { ChannelRegistry } from "../../../src/flows/channel.js";
import { failure } from "../../../src/flows/delivery-result.js";
import { FakeClock } from "../../../src/core/clock.js";
import { RetryPolicy } from "../../../src/flows/backoff.js";

describe("per-action retry policy", () => {
  it("an action whose policy allows one attempt is dead-lettered after its first retryable failure; the default keeps retrying", async () => {
    const store = await openSqliteStore({ memory: true });
    const clock = new FakeClock("2026-11-10T00:00:00.000Z");
    const action = (id: string, channel: string) => ({ id, shop: "s.myshopify.com", idempotencyKey: id, channel, orderId: null, decisionId: null, payload: {}, status: "pending" as const, createdAt: "2026-11-10T00:00:00.000Z" });
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [action("once", "strict"), action("often", "lenient")] });
    const channels = new ChannelRegistry();
    for (const name of ["strict", "lenient"]) channels.register({ name, send: async () => failure("SERVER_ERROR", "503 from the vendor", { retryable: true, status: 503 }) });
    const strict = RetryPolicy.parse({ maxAttempts: 1 });
    const fallback = RetryPolicy.parse({ maxAttempts: 8 });
    await dispatchDue({ store, clock, channels, policyFor: (a) => (a.channel === "strict" ? strict : fallback), random: () => 0.5, bootId: "b", timeoutMs: 1000, leaseMs: 60_000, batch: 10 });
    expect(await store.getOutbox("once")).toMatchObject({ status: "dead", attempts: 1 });
    expect(await store.getOutbox("often")).toMatchObject({ status: "pending", attempts: 1 });
    await store.close();
  });
});
