import type { Store } from "../../store/port.js";
import type { ReplayWindow } from "./window.js";

/**
 * Events one replay takes unless told otherwise. A replay holds its window in memory: the events,
 * its own journeys, runs and outbox, and reality's records to compare with. That is 15–20 kB per
 * event through every built-in flow (`firebreak replay` peaked at 400 MB on 20,000), so 100,000
 * events come to 1.5–2 GB by that measure, under half of Node's default heap (4.3 GB here). A
 * much larger window would end in an out-of-memory crash, and through the API that crash would
 * take down the server that receives the webhooks.
 */
export const REPLAY_MAX_EVENTS = 100_000;

export type WindowSizeResult = { ok: true; events: number } | { ok: false; code: "REPLAY_WINDOW_TOO_LARGE"; events: number; message: string };

/**
 * Counts the window's events against the limit before anything is loaded: those the replay takes,
 * so not the clock's timer firings (it fires its own). A touched order's earlier events come on top.
 */
export async function checkWindowSize(source: Store, window: ReplayWindow, maxEvents = REPLAY_MAX_EVENTS): Promise<WindowSizeResult> {
  const events = await source.countEventsBySourceTime(window.from, window.to, "clock");
  if (events <= maxEvents) return { ok: true, events };
  return {
    ok: false,
    code: "REPLAY_WINDOW_TOO_LARGE",
    events,
    message: `the window ${window.from} … ${window.to} holds ${events} events, more than the ${maxEvents} one replay takes (a replay holds its window in memory, 15–20 kB per event): replay it in shorter windows`,
  };
}
