import { describe, expect, it } from "vitest";
import { diffSides, explainFromRuns, type DiffInput } from "../../../src/flows/replay/diff.js";
import { runOutcomeOf } from "../../../src/flows/engine/run-outcome.js";
import type { FlowRun } from "../../../src/flows/engine/run.js";
import { run } from "../../store/builders.js";

const at = (day: string) => `2026-11-${day}T00:00:00.000Z`;
const done = (id: string, day: string) => ({ id, kind: "action" as const, status: "done" as const, startedAt: at(day), finishedAt: at(day), input: { text: id }, output: { idempotency_key: `key-${id}` } });

/** Three runs of reality: one the replay repeats, one it finishes differently, one it no longer starts. */
const same = run({ id: "run-same", status: "completed", steps: [done("tell", "10")], finishedAt: at("10"), conditions: [{ expr: "true", match: true, reason: "true is true" }] });
const changed = run({ id: "run-changed", status: "completed", steps: [done("tell", "10")], finishedAt: at("10"), conditions: [{ expr: "order.total_price > 100", match: true, reason: "order.total_price is 404.95, expected > 100" }] });
const gone = run({ id: "run-gone", status: "completed", steps: [done("tell", "10")], finishedAt: at("10"), conditions: [{ expr: "shipment.tag == 'Exception'", match: true, reason: "shipment.tag is \"Exception\", expected \"Exception\"" }] });
const replayedChanged: FlowRun = { ...changed, status: "skipped", steps: [], finishedAt: at("10"), conditions: [{ expr: "order.total_price > 500", match: false, reason: "order.total_price is 404.95, expected > 500" }], reason: "not run because order.total_price is 404.95, expected > 500" };

const input = (reality: DiffInput["reality"]): DiffInput => ({
  reality,
  replay: { decisions: [], runs: [same, replayedChanged], outbox: [] },
  from: at("01"),
  horizon: at("30"),
  replayedSources: new Set(["delay-notice"]),
});

describe("a diff against reality read as run outcomes", () => {
  it("says the same as against whole runs, reading whole only the runs that differ", async () => {
    const whole = diffSides(input({ decisions: [], runs: [same, changed, gone], outbox: [] }));
    expect(whole.unexplained).toEqual([]);

    const byOutcome = diffSides(input({ decisions: [], runs: [same, changed, gone].map(runOutcomeOf), outbox: [] }));
    // Both differing runs wait for their whole records; the unchanged one is never read.
    expect(byOutcome.unexplained.map((u) => u.runId).sort()).toEqual(["run-changed", "run-gone"]);
    const asked: string[][] = [];
    await explainFromRuns(byOutcome, async (ids) => {
      asked.push(ids);
      return [changed, gone, same].filter((r) => ids.includes(r.id));
    });
    expect(asked.map((ids) => [...ids].sort())).toEqual([["run-changed", "run-gone"]]);
    expect(byOutcome.unexplained).toEqual([]);

    const { unexplained: _a, ...a } = whole;
    const { unexplained: _b, ...b } = byOutcome;
    expect(b).toEqual(a);
    expect(b.changed[0]).toMatchObject({ key: "run-changed", explanation: "not run because order.total_price is 404.95, expected > 500", was: "order.total_price is 404.95, expected > 100" });
    expect(b.removed[0]).toMatchObject({ key: "run-gone", explanation: 'the replay did not do it; reality recorded: shipment.tag is "Exception", expected "Exception"' });
    expect(b.unchanged.run).toBe(1);
  });

  it("says so when a run it must explain is gone from the store", async () => {
    const byOutcome = diffSides(input({ decisions: [], runs: [runOutcomeOf(gone)], outbox: [] }));
    await explainFromRuns(byOutcome, async () => []);
    expect(byOutcome.removed[0]!.explanation).toBe("the replay did not do it; reality recorded: run run-gone is no longer in the store");
  });
});
