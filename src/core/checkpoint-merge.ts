import type { Checkpoint } from "./normalized.js";

/** Where a shipment's checkpoints come from: one relayed scan, or a provider update's list (the whole history so far). */
export type CheckpointSource = Checkpoint | readonly Checkpoint[];

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** null and "" are different statements: after the text, a null sorts first. */
function cmpNullable(a: string | null, b: string | null): number {
  return cmp(a ?? "", b ?? "") || (a === b ? 0 : a === null ? -1 : b === null ? 1 : 0);
}

/**
 * A total order on checkpoints: time, tag, subtag, message, location. Copies of one statement
 * (same time, tag, subtag and message) sort next to each other, by location.
 */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  return cmp(a.at, b.at) || cmp(a.tag, b.tag) || cmpNullable(a.subtag, b.subtag) || cmpNullable(a.message, b.message) || cmpNullable(a.location, b.location);
}

function sameStatement(a: Checkpoint, b: Checkpoint): boolean {
  return a.at === b.at && a.tag === b.tag && a.subtag === b.subtag && a.message === b.message;
}

const NONE: readonly Checkpoint[] = Object.freeze([]);

/**
 * The last fold of each shipment, by its first source: the sources it was given and the merged
 * list after each. Providers resend the whole history with every update and an order is folded
 * again at every arrival, so the next fold usually starts with the same sources and pays only for
 * its new ones. Weak: an entry lives as long as the first event's payload does.
 */
const folds = new WeakMap<CheckpointSource, { sources: CheckpointSource[]; merged: Array<readonly Checkpoint[]> }>();

/** Adds a source's checkpoints to a merged list: sorted, one per statement (the first in sort order). */
function step(merged: readonly Checkpoint[], source: CheckpointSource): readonly Checkpoint[] {
  const all = Array.isArray(source) ? [...merged, ...(source as readonly Checkpoint[])] : [...merged, source as Checkpoint];
  // Stable: of identical copies the earlier one stays.
  all.sort(compareCheckpoints);
  const out: Checkpoint[] = [];
  for (const c of all) if (out.length === 0 || !sameStatement(out[out.length - 1]!, c)) out.push(c);
  return out;
}

/**
 * The union of the sources' checkpoints, one per (time, tag, subtag, message), in time order; of
 * copies that differ only in location, the first in sort order stays. Folded one source at a
 * time, the steps of the shipment's last fold remembered: the result depends only on the set of
 * checkpoints, so a fold that starts with the same sources as the last one starts from its step.
 */
export function mergeCheckpoints(sources: readonly CheckpointSource[]): readonly Checkpoint[] {
  const first = sources[0];
  if (first === undefined) return NONE;
  let fold = folds.get(first);
  if (fold === undefined) folds.set(first, (fold = { sources: [], merged: [] }));
  let same = 0;
  while (same < sources.length && same < fold.sources.length && fold.sources[same] === sources[same]) same++;
  fold.sources.length = same;
  fold.merged.length = same;
  let merged = same === 0 ? NONE : fold.merged[same - 1]!;
  for (let i = same; i < sources.length; i++) {
    merged = step(merged, sources[i]!);
    fold.sources.push(sources[i]!);
    fold.merged.push(merged);
  }
  return merged;
}
