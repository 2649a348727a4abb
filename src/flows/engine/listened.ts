import type { FlowDefLike } from "./orchestrate.js";
import type { FlowRun } from "./run.js";
import type { StepDef } from "./program.js";

/**
 * The trigger types anything can react to: what the flows start on, what their waits wait for,
 * and the timers that wake runs. Most arrivals are carrier scans no flow starts on; knowing that
 * spares building their triggers (a snake_case copy of every payload) only to match nothing.
 */
const cache = new WeakMap<readonly FlowDefLike[], ReadonlySet<string>>();

export function listenedTypes(flows: readonly FlowDefLike[]): ReadonlySet<string> {
  let types = cache.get(flows);
  if (types === undefined) {
    const out = new Set<string>(["timer.fired"]);
    for (const f of flows) {
      for (const t of f.trigger.events) out.add(t);
      addWaits(f.steps, out);
    }
    cache.set(flows, (types = out));
  }
  return types;
}

/** Plus the events this order's waiting runs wait for: a run keeps the flow version it started with. */
export function listenedFor(flows: readonly FlowDefLike[], runs: readonly FlowRun[]): (type: string) => boolean {
  const types = listenedTypes(flows);
  const waits: string[] = [];
  for (const r of runs) if (r.status === "waiting" && r.wait?.kind === "event" && r.wait.event !== null) waits.push(r.wait.event);
  return waits.length === 0 ? (t) => types.has(t) : (t) => types.has(t) || waits.includes(t);
}

function addWaits(steps: readonly StepDef[], out: Set<string>): void {
  for (const s of steps) {
    if ("wait" in s && "for" in s.wait) {
      out.add(s.wait.for.event);
      addWaits(s.wait.on_timeout ?? [], out);
    } else if ("branch" in s) {
      addWaits(s.branch.then, out);
      addWaits(s.branch.else ?? [], out);
    } else if ("approval" in s) addWaits(s.approval.on_reject ?? [], out);
  }
}
