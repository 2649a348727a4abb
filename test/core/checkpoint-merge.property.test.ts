import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { compareCheckpoints, mergeCheckpoints, type CheckpointSource } from "../../src/core/checkpoint-merge.js";
import type { Checkpoint } from "../../src/core/normalized.js";

// The merge is folded one source at a time and every step is remembered across calls. Here it is
// held to the plain definition — every checkpoint at once, one per statement, the least copy in
// the total order, then sorted — on random sources called again and again, in growing prefixes
// (an order folded at each arrival) and in other orders (a late event sorted into the middle).

function reference(sources: readonly CheckpointSource[]): Checkpoint[] {
  const all = sources.flatMap((s) => (Array.isArray(s) ? [...(s as readonly Checkpoint[])] : [s as Checkpoint]));
  const byStatement = new Map<string, Checkpoint>();
  for (const c of all) {
    const key = JSON.stringify([c.at, c.tag, c.subtag, c.message]);
    const known = byStatement.get(key);
    if (known === undefined || compareCheckpoints(c, known) < 0) byStatement.set(key, c);
  }
  return [...byStatement.values()].sort(compareCheckpoints);
}

// Few distinct values, so copies, near-copies and null-versus-empty statements are common.
const text = fc.constantFrom(null, "", "a", "b");
const checkpoint: fc.Arbitrary<Checkpoint> = fc.record({
  at: fc.constantFrom("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", "2026-03-02T09:30:00Z"),
  tag: fc.constantFrom("InTransit", "OutForDelivery", "Delivered", "Exception"),
  subtag: text,
  message: text,
  location: text,
});
// A provider update resends what it sent before, plus more; a relayed scan is one checkpoint.
const source: fc.Arbitrary<CheckpointSource> = fc.oneof(checkpoint, fc.array(checkpoint, { maxLength: 6 }));

describe("mergeCheckpoints", () => {
  test("equals merging every checkpoint at once, for growing prefixes and reordered sources, called again and again", () => {
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 8 }), fc.nat(), (sources, seed) => {
        for (let n = 1; n <= sources.length; n++) expect(mergeCheckpoints(sources.slice(0, n))).toEqual(reference(sources.slice(0, n)));
        // A late source sorted into the middle, and the whole list again: steps remembered above are reused.
        const moved = [...sources];
        const [late] = moved.splice(seed % moved.length, 1);
        moved.splice((seed >> 3) % (moved.length + 1), 0, late!);
        expect(mergeCheckpoints(moved)).toEqual(reference(moved));
        expect(mergeCheckpoints(sources)).toEqual(reference(sources));
        // The set decides, not the order it came in.
        expect(mergeCheckpoints(moved)).toEqual(mergeCheckpoints(sources));
      }),
      { numRuns: 3_000 },
    );
  });

  test("keeps a null subtag and an empty one apart, and of two copies at one place the first", () => {
    const a: Checkpoint = { at: "2026-03-01T10:00:00Z", tag: "InTransit", subtag: null, message: null, location: "X" };
    const b: Checkpoint = { ...a, subtag: "" };
    const copy: Checkpoint = { ...a };
    const merged = mergeCheckpoints([[b, a], copy]);
    expect(merged).toEqual([a, b]);
    expect(merged[0]).toBe(a);
  });
});
