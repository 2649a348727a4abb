import { expect, it } from "vitest";
import { mergeDiffs, type DiffEntry, type DiffResult } from "../../../src/flows/replay/diff.js";

const entry = (kind: DiffEntry["kind"], key: string, at: string): DiffEntry => ({ kind, key, shop: "s", orderId: "1", source: "f", at, what: key, explanation: "" });
const part = (over: Partial<DiffResult>): DiffResult => ({ added: [], removed: [], changed: [], unchanged: { decision: 0, run: 0, action: 0 }, unexplained: [], ...over });

it("merges groups' diffs: entries in source-time order (then kind, then key), unchanged counts summed", () => {
  const a = part({ added: [entry("action", "a2", "2026-09-02T00:00:00.000Z")], removed: [entry("run", "r1", "2026-09-03T00:00:00.000Z")], unchanged: { decision: 1, run: 2, action: 3 } });
  const b = part({
    added: [entry("run", "b1", "2026-09-02T00:00:00.000Z"), entry("action", "a1", "2026-09-02T00:00:00.000Z"), entry("decision", "b0", "2026-09-01T00:00:00.000Z")],
    changed: [entry("run", "c1", "2026-09-04T00:00:00.000Z")],
    unchanged: { decision: 10, run: 20, action: 30 },
  });
  const merged = mergeDiffs([a, b]);
  expect(merged.added.map((e) => e.key)).toEqual(["b0", "b1", "a1", "a2"]);
  expect(merged.removed.map((e) => e.key)).toEqual(["r1"]);
  expect(merged.changed.map((e) => e.key)).toEqual(["c1"]);
  expect(merged.unchanged).toEqual({ decision: 11, run: 22, action: 33 });
  expect(mergeDiffs([])).toEqual(part({}));
});
