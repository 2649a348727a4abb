import type { Store } from "../../store/port.js";
import type { ReplayWindow } from "./window.js";

/**
 * Events one replay takes unless told otherwise. A replay holds its window's events in memory;
 * each group of customers is replayed, compared and dropped in turn, with reality's records read a
 * chunk at a time. Through every built-in flow, 80,000 events replayed in a 256 MB heap (not in
 * 128 MB) and peaked at 350–400 MB resident: at most about 3.2 kB per event. 250,000 events (a
 * year of a $100K-a-month shop is about 170,000) come to about 800 MB by that measure, well under
 * the 4 GB a replay thread of the server may use and Node's default heap (4.3 GB here).
 */
export const REPLAY_MAX_EVENTS = 250_000;

/** Within the limit (`atMost`: the window holds no more events than this), or over it by `events`. */
export type WindowSizeResult = { ok: true; atMost: number } | { ok: false; code: "REPLAY_WINDOW_TOO_LARGE"; events: number; message: string };

/**
 * Counts the window's events against the limit before anything is loaded: those the replay takes,
 * so not the clock's timer firings (it fires its own). A touched order's earlier events come on top.
 * Every event of the window is counted first, on the source-time index alone; leaving the firings
 * out means reading each event's row (on SQLite, 20,000 events: 12–25 ms against 1–2), and only a
 * window that the first count puts over the limit needs it.
 */
export async function checkWindowSize(source: Store, window: ReplayWindow, maxEvents = REPLAY_MAX_EVENTS): Promise<WindowSizeResult> {
  const all = await source.countEventsBySourceTime(window.from, window.to);
  if (all <= maxEvents) return { ok: true, atMost: all };
  const events = await source.countEventsBySourceTime(window.from, window.to, "clock");
  if (events <= maxEvents) return { ok: true, atMost: events };
  return {
    ok: false,
    code: "REPLAY_WINDOW_TOO_LARGE",
    events,
    message: `the window ${window.from} … ${window.to} holds ${events} events, more than the ${maxEvents} one replay takes (a replay holds its window's events in memory, about 3 kB each): replay it in shorter windows`,
  };
}
