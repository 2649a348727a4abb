/**
 * `npm run bench:fold` (after a build): the journey fold as the projector runs it. Every arrival
 * re-folds all of its order's events so far, so an order of n events is folded n times, at each
 * prefix of its arrival order. Times `projectJourney` alone over the replay benchmark's events
 * (BENCH_FOLD_EVENTS, default 20,000), BENCH_FOLD_ROUNDS times on fresh copies of the events,
 * beside the same orders folded once each.
 */
import { performance } from "node:perf_hooks";
import type { StoredEvent } from "../core/event.js";
import { projectJourney } from "../core/journey-project.js";
import { defaultShopSettings } from "../core/settings.js";
import { BENCH_SHOP, benchEvents, eventsByOrder } from "./bench-events.js";

const N = Number(process.env.BENCH_FOLD_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_FOLD_ROUNDS ?? 5);

const events = benchEvents(N);
const orderOf = new Map<StoredEvent, string>();
for (const [orderId, list] of eventsByOrder(events)) for (const e of list) orderOf.set(e, orderId);

/** As the projector folds: each arrival's order at all of its events so far. */
function everyArrival(copies: StoredEvent[]): { ms: number; folds: number } {
  const sofar = new Map<string, StoredEvent[]>();
  let folds = 0;
  const t0 = performance.now();
  for (let i = 0; i < copies.length; i += 1) {
    const orderId = orderOf.get(events[i]!);
    if (orderId === undefined) continue;
    const list = [...(sofar.get(orderId) ?? []), copies[i]!];
    sofar.set(orderId, list);
    projectJourney(BENCH_SHOP, orderId, list, defaultShopSettings);
    folds += 1;
  }
  return { ms: performance.now() - t0, folds };
}

function oncePerOrder(copies: StoredEvent[]): { ms: number; folds: number } {
  const t0 = performance.now();
  const byOrder = eventsByOrder(copies);
  for (const [orderId, list] of byOrder) projectJourney(BENCH_SHOP, orderId, list, defaultShopSettings);
  return { ms: performance.now() - t0, folds: byOrder.size };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(`\nfold: node ${process.version}, ${N} events, median of ${ROUNDS} rounds\n\n| measurement | folds | ms | µs/fold |\n|---|---:|---:|---:|\n`);
const runs: Array<[string, (copies: StoredEvent[]) => { ms: number; folds: number }]> = [
  ["projectJourney at every arrival (the projector)", everyArrival],
  ["projectJourney once per order (the replay's reference)", oncePerOrder],
];
for (const [name, run] of runs) {
  const results = Array.from({ length: ROUNDS }, () => run(structuredClone(events)));
  const ms = median(results.map((r) => r.ms));
  const folds = results[0]!.folds;
  process.stdout.write(`| ${name} | ${folds} | ${Math.round(ms)} | ${((ms / folds) * 1000).toFixed(1)} |\n`);
}
