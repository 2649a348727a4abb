import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { sameView, viewOf, type Item } from "../../../src/flows/replay/side-index.js";
import { sameJson } from "../../../src/flows/replay/views.js";
import type { RunOutcome } from "../../../src/flows/engine/run-outcome.js";
import type { OutboxAction } from "../../../src/core/outbox.js";

// The diff settles most pairs with sameView, which compares actions and runs without building
// their views. Here it is held to the definition it stands for, sameJson of the two views, on
// random runs (steps before, at and after the horizon, waits, approvals, human decisions, ids
// that hold colons) and random actions.

const HORIZON = "2026-03-01T12:00:00.000Z";
const instant = fc.constantFrom("2026-03-01T10:00:00.000Z", "2026-03-01T11:00:00.000Z", HORIZON, "2026-03-01T13:00:00.000Z");
const status = fc.constantFrom("done", "waiting", "awaiting_approval", "failed", "skipped");
const step = fc.record({
  id: fc.constantFrom("a", "b", "a:done", "notify"),
  kind: fc.constantFrom("action", "wait", "approval", "branch", "stop"),
  status,
  startedAt: instant,
  finishedAt: fc.option(instant, { nil: null }),
}) as fc.Arbitrary<RunOutcome["steps"][number]>;
const run: fc.Arbitrary<RunOutcome> = fc.record({
  status: fc.constantFrom("completed", "waiting", "skipped", "failed", "awaiting_approval"),
  finishedAt: fc.option(instant, { nil: null }),
  steps: fc.array(step, { maxLength: 4 }),
  decisions: fc.oneof(fc.constant([]), fc.array(fc.record({ stepId: fc.constantFrom("a", "b", "notify"), at: instant }), { maxLength: 2 })),
}).map((r) => ({ id: "run-1", shop: "s", flowId: "f", orderId: "o", startedAt: "2026-03-01T09:00:00.000Z", trigger: { type: "order.upserted", facts: {} }, ...r }) as RunOutcome);

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.constantFrom(null, 1, 2, "x", "y", true, undefined), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("k", "l", "m"), tie("value"), { maxKeys: 3 })),
})).value;
const action = fc.record({ channel: fc.constantFrom("klaviyo", "slack"), payload: json }).map(
  ({ channel, payload }) => ({ id: "a", shop: "s", idempotencyKey: "k", channel, orderId: "o", decisionId: null, payload, createdAt: HORIZON }) as unknown as OutboxAction,
);

const runItem = (r: RunOutcome): Item => ({ kind: "run", key: r.id, shop: r.shop, orderId: r.orderId, source: r.flowId, at: r.startedAt, run: r });
const actionItem = (a: OutboxAction): Item => ({ kind: "action", key: a.idempotencyKey, shop: a.shop, orderId: a.orderId, source: "f", at: a.createdAt, action: a, run: undefined, decision: undefined });

describe("sameView", () => {
  test("runs: the same answer as comparing their views", () => {
    fc.assert(
      fc.property(run, run, (a, b) => {
        expect(sameView(runItem(a), runItem(b), HORIZON)).toBe(sameJson(viewOf(runItem(a), HORIZON), viewOf(runItem(b), HORIZON)));
      }),
      { numRuns: 5_000 },
    );
  });

  test("a run compared with a copy of itself is the same, and a step's status seen differently at the horizon is not", () => {
    fc.assert(
      fc.property(run, (a) => {
        expect(sameView(runItem(a), runItem(structuredClone(a)), HORIZON)).toBe(true);
      }),
    );
    const waiting: RunOutcome = { id: "r", shop: "s", flowId: "f", orderId: "o", status: "completed", startedAt: HORIZON, finishedAt: "2026-03-01T13:00:00.000Z", trigger: { type: "t", facts: {} }, steps: [{ id: "w", kind: "wait", status: "done", startedAt: HORIZON, finishedAt: "2026-03-01T13:00:00.000Z" }], decisions: [] };
    const done: RunOutcome = { ...waiting, finishedAt: HORIZON, steps: [{ ...waiting.steps[0]!, finishedAt: HORIZON }] };
    expect(sameView(runItem(waiting), runItem(done), HORIZON)).toBe(false);
    expect(sameView(runItem(waiting), runItem({ ...waiting, steps: [...waiting.steps, { id: "late", kind: "action", status: "done", startedAt: "2026-03-01T13:00:00.000Z", finishedAt: null }] }), HORIZON)).toBe(true);
  });

  test("actions: the same answer as comparing their views", () => {
    fc.assert(
      fc.property(action, action, (a, b) => {
        expect(sameView(actionItem(a), actionItem(b), HORIZON)).toBe(sameJson(viewOf(actionItem(a), HORIZON), viewOf(actionItem(b), HORIZON)));
      }),
      { numRuns: 5_000 },
    );
  });
});
