import type { StoredEvent } from "../../../src/core/event.js";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { deliveryOf } from "../../../src/flows/replay/simulate.js";
import type { FlowEngine } from "../../../src/flows/engine/orchestrate.js";
import { fireDueTimers } from "../../../src/flows/timer-runner.js";
import { projectBatch } from "../../../src/ingest/projector.js";
import { builtInRules } from "../../../src/layers/built-in.js";
import type { Store } from "../../../src/store/port.js";

export const workerDeps = { rules: builtInRules, settingsFor: () => defaultShopSettings };

/**
 * The live worker's own code (the timer runner, then the projector) on `store`, each time it
 * catches up at `now` in projection steps of at most `step` events. Timer firings are numbered
 * `<name>-1`, `<name>-2`…: a second worker on the same log takes another name.
 */
export function worker(store: Store, flows: FlowEngine, step: number, name = "timer"): { catchUp(now: string): Promise<void> } {
  let n = 0;
  return {
    async catchUp(now) {
      await fireDueTimers({ store, clock: { now: () => new Date(now) }, ids: () => `${name}-${++n}`, append: async (d) => (await store.append([d]))[0]! });
      while ((await projectBatch({ store, ...workerDeps, flows, decide: true }, step)) > 0);
    },
  };
}

/**
 * `events` stored as they arrived (those received together in one append); the worker catches up
 * only every `lag` arrivals, and at `end`, as a worker behind the log does after a burst or a restart.
 */
export async function lateWorker(store: Store, flows: FlowEngine, events: readonly StoredEvent[], opts: { lag: number; step: number; end: string }): Promise<void> {
  const arrivals: StoredEvent[][] = [];
  for (const e of events) {
    const last = arrivals.at(-1);
    if (last && last[0]!.receivedAt === e.receivedAt) last.push(e);
    else arrivals.push([e]);
  }
  const w = worker(store, flows, opts.step);
  for (const [i, batch] of arrivals.entries()) {
    await store.append(batch.map(deliveryOf));
    if (i % opts.lag === opts.lag - 1) await w.catchUp(batch[0]!.receivedAt);
  }
  await w.catchUp(opts.end);
}
