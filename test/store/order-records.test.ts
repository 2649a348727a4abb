import { expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { onEveryBackend } from "./backends.js";
import { action, decision, run, SHOP, write } from "./builders.js";
import { runOutcomeOf } from "../../src/flows/engine/run-outcome.js";
import { ActionOutcome } from "../../src/core/outbox.js";

const OTHER_SHOP = "other.myshopify.com";
const at = (day: string) => `2026-11-${day}T00:00:00.000Z`;

/** `recordsForOrders`: the replay's reading of reality, on every backend. */
function orderRecordsContract(open: () => Promise<Store>) {
  it("reads the decisions, runs and actions of the given orders only, oldest first, leaving run starts out", async () => {
    const store = await open();
    try {
      await store.applyProjection(
        write({
          runs: [run({ id: "run-b", orderId: "o1", startedAt: at("12") }), run({ id: "run-a", orderId: "o2", startedAt: at("11") }), run({ id: "run-x", orderId: "o3" }), run({ id: "run-s", shop: OTHER_SHOP, orderId: "o1" })],
          decisions: [
            decision("run-b", "o1", { decidedAt: at("12") }), // run-b's start: the run says it
            decision("rule-2", "o2", { decidedAt: at("13") }),
            decision("rule-1", "o1", { decidedAt: at("10") }),
            decision("rule-3", "o3"),
            decision("rule-s", "o1", { shop: OTHER_SHOP }),
          ],
          outbox: [
            action("a2", { orderId: "o1", decisionId: "run-b", createdAt: at("12") }),
            action("a1", { orderId: "o2", decisionId: "rule-2", createdAt: at("11") }),
            action("a3", { orderId: "o3" }),
            action("a4", { orderId: null }),
            action("a5", { orderId: "o1", shop: OTHER_SHOP }),
          ],
        }),
      );
      const r = await store.recordsForOrders([{ shop: SHOP, orderId: "o1" }, { shop: SHOP, orderId: "o2" }, { shop: SHOP, orderId: "o1" }, { shop: SHOP, orderId: "none" }]);
      expect(r.decisions.map((d) => d.id)).toEqual(["rule-1", "rule-2"]);
      expect(r.runs.map((x) => x.id)).toEqual(["run-a", "run-b"]);
      expect(r.outbox.map((a) => a.id)).toEqual(["a1", "a2"]);
      expect(r.runs[1]).toEqual(await store.getRun("run-b"));
      expect(r.outbox[0]).toEqual(await store.getOutbox("a1"));
      expect(r.decisions[0]).toEqual((await store.decisionsForOrder(SHOP, "o1")).find((d) => d.id === "rule-1"));
      const other = await store.recordsForOrders([{ shop: OTHER_SHOP, orderId: "o1" }]);
      expect([other.decisions.map((d) => d.id), other.runs.map((x) => x.id), other.outbox.map((a) => a.id)]).toEqual([["rule-s"], ["run-s"], ["a5"]]);
      expect(await store.recordsForOrders([])).toEqual({ decisions: [], runs: [], outbox: [] });
    } finally {
      await store.close();
    }
  });

  it("reads the same records with each run as its outcome, and runs whole by id", async () => {
    const store = await open();
    try {
      const acted = run({
        id: "run-a",
        orderId: "o1",
        status: "awaiting_approval",
        trigger: { type: "signal.raised", key: "k", eventId: "e1", occurredAt: at("10"), shipmentKey: "1Z", facts: { signal: { name: "transit_stalled", facts: { days: 4 } }, event: { type: "x" } } },
        steps: [
          { id: "check", kind: "branch", status: "done", startedAt: at("10"), finishedAt: at("10"), evaluation: { expr: "true", match: true, reason: "true is true" }, output: { took: "then" } },
          { id: "tell", kind: "action", status: "done", startedAt: at("10"), finishedAt: at("10"), input: { text: "late" }, output: { idempotency_key: "key-1", channel: "alert.team" } },
          { id: "refund", kind: "action", status: "awaiting_approval", startedAt: at("11"), finishedAt: null, input: { amount: 5 } },
        ],
        decisions: [{ stepId: "gate", decision: "approve", by: "ana@shop.test", at: at("11"), note: "fine" }],
        startedAt: at("10"),
      });
      await store.applyProjection(write({ runs: [acted, run({ id: "run-b", orderId: "o2", startedAt: at("09") }), run({ id: "run-c", orderId: "o3" })], decisions: [decision("rule-1", "o1")], outbox: [action("a1", { orderId: "o2" })] }));
      const orders = [{ shop: SHOP, orderId: "o1" }, { shop: SHOP, orderId: "o2" }];
      const whole = await store.recordsForOrders(orders);
      const outcomes = await store.outcomesForOrders(orders);
      expect(outcomes.decisions).toEqual(whole.decisions);
      // An action as its outcome: what it decided, not how its dispatch went (a backend may hand it
      // whole; the schema keeps an outcome's fields only).
      expect(outcomes.outbox.map((a) => ActionOutcome.parse(a))).toEqual(whole.outbox.map((a) => ActionOutcome.parse(a)));
      // A backend may hand whole runs (they are outcomes too); what they say of the outcome is the same.
      expect(outcomes.runs.map(runOutcomeOf)).toEqual(whole.runs.map(runOutcomeOf));
      expect(runOutcomeOf(outcomes.runs[1]!)).toEqual({
        id: "run-a",
        shop: SHOP,
        flowId: "delay-notice",
        orderId: "o1",
        status: "awaiting_approval",
        startedAt: at("10"),
        finishedAt: null,
        trigger: { type: "signal.raised", facts: { signal: { name: "transit_stalled" } } },
        steps: [
          { id: "check", kind: "branch", status: "done", startedAt: at("10"), finishedAt: at("10") },
          { id: "tell", kind: "action", status: "done", startedAt: at("10"), finishedAt: at("10"), output: { idempotency_key: "key-1" } },
          { id: "refund", kind: "action", status: "awaiting_approval", startedAt: at("11"), finishedAt: null },
        ],
        decisions: [{ stepId: "gate", at: at("11") }],
      });

      // A run written again has its outcome written again.
      const finished = { ...acted, status: "completed" as const, finishedAt: at("12"), updatedAt: at("12") };
      await store.applyProjection(write({ runs: [finished] }));
      expect(runOutcomeOf((await store.outcomesForOrders([{ shop: SHOP, orderId: "o1" }])).runs[0]!)).toMatchObject({ status: "completed", finishedAt: at("12") });

      const byId = await store.getRuns(["run-c", "run-a", "run-c", "missing"]);
      expect(byId.map((r) => r.id).sort()).toEqual(["run-a", "run-c"]);
      expect(byId.find((r) => r.id === "run-a")).toEqual(await store.getRun("run-a"));
      expect(await store.getRuns([])).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("reads more orders than a list of placeholders would hold (1,202, bound as one value), each once, in order", async () => {
    const store = await open();
    try {
      const ids = Array.from({ length: 1_203 }, (_, i) => `order-${String(i).padStart(4, "0")}`);
      await store.applyProjection(write({ runs: ids.map((orderId) => run({ id: `run-${orderId}`, orderId, startedAt: at("10") })), outbox: ids.map((orderId) => action(`a-${orderId}`, { orderId })) }));
      const r = await store.recordsForOrders(ids.slice(1).map((orderId) => ({ shop: SHOP, orderId })));
      expect(r.runs.map((x) => x.orderId)).toEqual(ids.slice(1));
      expect(r.outbox.map((a) => a.orderId)).toEqual(ids.slice(1));
      const o = await store.outcomesForOrders(ids.slice(1).map((orderId) => ({ shop: SHOP, orderId })));
      expect(o.runs.map((x) => x.orderId)).toEqual(ids.slice(1));
      expect((await store.getRuns(ids.map((orderId) => `run-${orderId}`))).length).toBe(ids.length);
    } finally {
      await store.close();
    }
  });
}

onEveryBackend("order records", orderRecordsContract);
