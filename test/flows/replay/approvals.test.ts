import { expect, it } from "vitest";
import { askFlow, engineFor, flowsDir, useHistory, replayWith } from "./history.js";

const history = useHistory({ "ask.yaml": askFlow }, { approveAt: "2026-11-11T09:00:00.000Z" });

it("a replay stops where a person decided: the approval and what followed it are history, not a difference", async () => {
  const approved = (await history().app.store.listRuns({ flowId: "ask-reship" })).filter((r) => r.status === "completed");
  expect(approved).toHaveLength(2);
  expect((await history().app.store.listOutbox({})).filter((a) => a.idempotencyKey.startsWith("ask-reship:"))).toHaveLength(2);

  const r = await replayWith(history(), engineFor(flowsDir({ "ask.yaml": askFlow })));
  expect(r.diff).toEqual({ added: [], removed: [], changed: [] });
  // The two approved ask-reship runs, plus the built-in exception alerts for the same lost parcels.
  expect(r.summary.byKind.run.unchanged).toBeGreaterThanOrEqual(2);
  expect(r.summary.byKind.run.changed).toBe(0);
});

it("a changed flow still differs before the human step", async () => {
  const skipAll = askFlow.replace("steps:", "conditions:\n  - 'order.total_price > 100000.0'\nsteps:");
  const r = await replayWith(history(), engineFor(flowsDir({ "ask.yaml": skipAll })));
  expect(r.diff.changed.map((e) => e.changes)).toEqual([
    [{ field: "status", reality: "awaiting_approval", replay: "skipped" }, { field: "steps", reality: ["ask:awaiting_approval"], replay: [] }],
    [{ field: "status", reality: "awaiting_approval", replay: "skipped" }, { field: "steps", reality: ["ask:awaiting_approval"], replay: [] }],
  ]);
  // The reship messages came from the human's approval: not something the replay can take back.
  expect(r.diff.removed).toEqual([]);
});
