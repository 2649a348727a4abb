import { onEveryBackend } from "./backends.js";
import { expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import type { FlowRun } from "../../src/flows/engine/run.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { run } from "./builders.js";

const SHOP = "snowdevil.myshopify.com";

const flowRun = (over: Partial<FlowRun> = {}) => run({ shop: SHOP, ...over });

/** Flow runs and the outbox controls added with the flow engine, on every backend. */
function runsContract(open: () => Promise<Store>) {
  it("stores runs, finds them by order, flow, status and start time, and updates them in place", async () => {
    const store = await open();
    try {
      await store.applyProjection({ ...emptyProjectionWrite(), runs: [flowRun(), flowRun({ id: "run-2", status: "completed", orderId: "other", startedAt: "2026-11-12T00:00:00.000Z", wait: null })] });
      expect((await store.getRun("run-1"))?.orderId).toBe("820982911946154508");
      expect((await store.openRunsForOrder(SHOP, "820982911946154508")).map((r) => r.id)).toEqual(["run-1"]);
      expect((await store.listRuns({ flowId: "delay-notice" })).map((r) => r.id)).toEqual(["run-2", "run-1"]);
      expect((await store.listRuns({ status: "completed" })).map((r) => r.id)).toEqual(["run-2"]);
      expect((await store.listRuns({ startedAfter: "2026-11-11T00:00:00.000Z" })).map((r) => r.id)).toEqual(["run-2"]);
      // A page of one shop (read on the recency index, the shop checked on the way): its own, newest first.
      await store.applyProjection({ ...emptyProjectionWrite(), runs: [run({ id: "run-x", shop: "other.myshopify.com", startedAt: "2026-11-13T00:00:00.000Z" })] });
      expect((await store.listRuns({ shop: SHOP })).map((r) => r.id)).toEqual(["run-2", "run-1"]);
      expect((await store.listRuns({ shop: SHOP, limit: 1 })).map((r) => r.id)).toEqual(["run-2"]);
      expect((await store.listRuns({ shop: "other.myshopify.com" })).map((r) => r.id)).toEqual(["run-x"]);
      expect((await store.listRuns({ shop: SHOP, startedAfter: "2026-11-11T00:00:00.000Z" })).map((r) => r.id)).toEqual(["run-2"]);
      // Of a status most runs end in (read the same way): the shop's runs of that status only.
      expect((await store.listRuns({ shop: SHOP, status: "completed" })).map((r) => r.id)).toEqual(["run-2"]);
      expect((await store.listRuns({ shop: "other.myshopify.com", status: "completed" })).map((r) => r.id)).toEqual([]);
      await store.saveRun(flowRun({ status: "completed", wait: null, updatedAt: "2026-11-11T00:00:00.000Z" }), [], []);
      expect((await store.getRun("run-1"))?.status).toBe("completed");
      expect(await store.openRunsForOrder(SHOP, "820982911946154508")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("counts a flow's runs in a shop after a time, per limit key, leaving skipped runs out", async () => {
    const store = await open();
    try {
      const at = (d: string) => `2026-11-${d}T00:00:00.000Z`;
      await store.applyProjection({
        ...emptyProjectionWrite(),
        runs: [
          flowRun({ id: "r1", startedAt: at("10"), limitKey: "c1" }),
          flowRun({ id: "r2", startedAt: at("11"), limitKey: "c1", status: "skipped", wait: null }),
          flowRun({ id: "r3", startedAt: at("12"), limitKey: "c2" }),
          flowRun({ id: "r4", startedAt: at("12"), limitKey: "c1", flowId: "other-flow" }),
          flowRun({ id: "r5", startedAt: at("12"), limitKey: "c1", shop: "other.myshopify.com" }),
        ],
      });
      const count = (startedAfter: string, limitKey?: string) => store.countRuns({ shop: SHOP, flowId: "delay-notice", startedAfter, ...(limitKey ? { limitKey } : {}) });
      expect(await count(at("09"))).toBe(2);
      expect(await count(at("10"))).toBe(1); // strictly after
      expect(await count(at("09"), "c1")).toBe(1);
      expect(await count(at("09"), "c2")).toBe(1);
      expect(await count(at("09"), "c3")).toBe(0);
      // A run moved forward is counted once.
      await store.saveRun(flowRun({ id: "r1", startedAt: at("10"), limitKey: "c1", status: "completed", wait: null }), [], []);
      expect(await count(at("09"))).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("keeps waiting runs' timers through a projection reset, drops the journey's", async () => {
    const store = await open();
    try {
      await store.applyProjection({
        ...emptyProjectionWrite(),
        runs: [flowRun()],
        timersSet: [
          { shop: SHOP, orderId: "820982911946154508", name: "flow:run-1:pause", dueAt: "2026-11-11T00:00:00.000Z" },
          { shop: SHOP, orderId: "820982911946154508", name: "transit_stalled:1Z", dueAt: "2026-11-11T00:00:00.000Z" },
        ],
      });
      await store.resetProjections();
      expect((await store.dueTimers("2026-12-01T00:00:00.000Z", 10)).map((t) => t.name)).toEqual(["flow:run-1:pause"]);
      expect(await store.getRun("run-1")).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it("cancels only what has not gone out, and defers without counting an attempt", async () => {
    const store = await open();
    try {
      const action = (id: string, key: string) => ({ id, shop: SHOP, idempotencyKey: key, channel: "notify.customer", orderId: null, decisionId: null, payload: {}, status: "pending" as const, createdAt: "2026-11-10T00:00:00.000Z" });
      await store.applyProjection({ ...emptyProjectionWrite(), outbox: [action("a1", "k1"), action("a2", "k2")] });
      expect(await store.cancelOutbox("a1", "2026-11-10T01:00:00.000Z")).toBe(true);
      expect((await store.getOutbox("a1"))?.status).toBe("cancelled");
      expect(await store.cancelOutbox("a1", "2026-11-10T01:00:00.000Z")).toBe(false);
      const [claimed] = await store.claimOutbox("2026-11-10T02:00:00.000Z", 10, "boot", "2026-11-10T03:00:00.000Z");
      expect(claimed?.id).toBe("a2");
      expect(await store.cancelOutbox("a2", "2026-11-10T02:00:00.000Z")).toBe(false); // in flight
      await store.deferOutbox("a2", "2026-11-10T13:00:00.000Z", "deferred: quiet hours", "2026-11-10T02:00:00.000Z");
      expect(await store.getOutbox("a2")).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: "2026-11-10T13:00:00.000Z", lastError: "deferred: quiet hours" });
    } finally {
      await store.close();
    }
  });
}

onEveryBackend("flow runs", runsContract);
