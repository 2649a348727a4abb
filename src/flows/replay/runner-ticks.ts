import type { StoredEvent } from "../../core/event.js";
import { TIMERS_PER_CALL } from "../timer-runner.js";

/**
 * A moment reality's timer runner is seen to have run: one call of `fireDueTimers`, whose firings
 * all arrive at the instant it read the clock. `seq` is the first of its firings in the log.
 * `full`: it fired as many timers as one call may, so others may have been due and left unfired.
 */
export interface RunnerTick {
  seq: number;
  at: string;
  full: boolean;
}

/**
 * The runner's calls the log shows, in log order, each once: reality's firings grouped by the
 * instant they arrived. The runner turns in the same loop as the projector, between its steps: a
 * call with a firing stored before a step read its last event ran before that step (simulate.ts).
 */
export function runnerTicks(firings: readonly StoredEvent[]): RunnerTick[] {
  const byInstant = new Map<string, { seq: number; count: number }>();
  for (const f of firings) {
    const t = byInstant.get(f.receivedAt);
    if (t === undefined) byInstant.set(f.receivedAt, { seq: f.seq, count: 1 });
    else {
      t.seq = Math.min(t.seq, f.seq);
      t.count++;
    }
  }
  const out: RunnerTick[] = [];
  for (const [at, t] of byInstant) out.push({ seq: t.seq, at, full: t.count >= TIMERS_PER_CALL });
  return out.sort((a, b) => a.seq - b.seq);
}
