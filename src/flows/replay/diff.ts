import { canonical } from "../../core/canonical.js";
import { differingPaths, sameJson } from "./views.js";
import { indexSide, parentOf, viewOf, whatOf, whyOf, type DiffKind, type Item, type Side } from "./side-index.js";

export type { DiffKind, Side } from "./side-index.js";

export interface FieldChange {
  /** `status`, `outcome`, `steps`, `payload.properties.reason`… */
  field: string;
  reality: unknown;
  replay: unknown;
}

export interface DiffEntry {
  kind: DiffKind;
  /** Decision id, run id, or the action's idempotency key. */
  key: string;
  shop: string;
  orderId: string | null;
  /** The flow or rule it belongs to. */
  source: string;
  /** Source time: when it was decided, started or enqueued. */
  at: string;
  /** What would happen (added), what happened (removed), what it is (changed). */
  what: string;
  /** Why: the replay's own explanation where it has one (for a removed entry, why it would not happen now). */
  explanation: string;
  /** A changed entry: what reality recorded, when that reads differently. */
  was?: string;
  changes?: FieldChange[];
}

export interface DiffInput {
  reality: Side;
  replay: Side;
  from: string;
  /** Records after this instant are beyond what the replay simulated. */
  horizon: string;
  flowId?: string | undefined;
  /** Flow and rule ids the replay ran, to say "not in the replayed set" rather than nothing. */
  replayedSources: ReadonlySet<string>;
}

export interface DiffResult {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffEntry[];
  unchanged: Record<DiffKind, number>;
}

function changesOf(kind: DiffKind, reality: unknown, replay: unknown): FieldChange[] {
  const r = reality as Record<string, unknown>;
  const p = replay as Record<string, unknown>;
  const out: FieldChange[] = [];
  for (const field of Object.keys(p)) {
    if (sameJson(r[field], p[field])) continue;
    if (kind === "action" && field === "payload") {
      for (const path of differingPaths(r.payload, p.payload, "payload")) out.push({ field: path, reality: canonical(pick(r, path)), replay: canonical(pick(p, path)) });
    } else out.push({ field, reality: canonical(r[field]), replay: canonical(p[field]) });
  }
  return out;
}

function pick(root: Record<string, unknown>, path: string): unknown {
  let v: unknown = root;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const KIND_ORDER: Record<DiffKind, number> = { decision: 0, run: 1, action: 2 };
const byTime = (a: DiffEntry, b: DiffEntry) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/**
 * Matches reality and replay by key and says what differs. A record counts when it falls in the
 * window on either side (source time from `from` to the horizon); so a decision the replay makes
 * an hour earlier than reality did is "changed" or the same, not one added and one removed.
 */
export function diffSides(input: DiffInput): DiffResult {
  const { from, horizon, flowId } = input;
  const reality = indexSide(input.reality, true);
  const replay = indexSide(input.replay, false);
  const inScope = (i: Item | undefined) => i !== undefined && i.at >= from && i.at <= horizon && (flowId === undefined || i.source === flowId);
  const out: DiffResult = { added: [], removed: [], changed: [], unchanged: { decision: 0, run: 0, action: 0 } };
  const entry = (i: Item, explanation: string): DiffEntry => ({ kind: i.kind, key: i.key, shop: i.shop, orderId: i.orderId, source: i.source, at: i.at, what: whatOf(i, horizon), explanation });

  const compare = (r: Item | undefined, p: Item | undefined) => {
    if (!inScope(r) && !inScope(p)) return;
    if (r && p) {
      // Most records are the same on both sides: one comparison of the whole view settles those.
      const [rv, pv] = [viewOf(r, horizon), viewOf(p, horizon)];
      const changes = sameJson(rv, pv) ? [] : changesOf(p.kind, rv, pv);
      if (changes.length === 0) {
        out.unchanged[p.kind]++;
        return;
      }
      const [was, now] = [whyOf(r), whyOf(p)];
      out.changed.push({ ...entry(p, now), ...(was !== now ? { was } : {}), changes });
    } else if (p) {
      out.added.push(entry(p, whyOf(p)));
    } else if (r) {
      const ref = parentOf(r);
      const parent = ref ? replay[ref.kind].get(ref.key) : undefined;
      const why = parent ? whyOf(parent) : !input.replayedSources.has(r.source) ? `${r.source} is not among the replayed flows and rules` : `the replay did not do it; reality recorded: ${whyOf(r)}`;
      out.removed.push(entry(r, why));
    }
  };
  for (const kind of ["decision", "run", "action"] as const) {
    const [real, replayed] = [reality[kind], replay[kind]];
    for (const [key, r] of real) compare(r, replayed.get(key));
    for (const [key, p] of replayed) if (!real.has(key)) compare(undefined, p);
  }
  out.added.sort(byTime);
  out.removed.sort(byTime);
  out.changed.sort(byTime);
  return out;
}
