/** The stretch of history a replay covers, by source time (`occurredAt`), both ends included. */
export interface ReplayWindow {
  from: string;
  to: string;
}

export type WindowResult = ({ ok: true } & ReplayWindow) | { ok: false; code: "REPLAY_DATE_INVALID" | "REPLAY_WINDOW_EMPTY"; message: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A date or an instant, as an operator types it. A bare date means the whole day in UTC: the
 * start of it for `from`, the end of it for `to`, so `--from 2026-11-02 --to 2026-11-05` covers
 * four days. An instant needs its offset (`Z` or `+02:00`): a local time would be a guess.
 */
function instant(text: string, end: boolean): string | null {
  const t = text.trim();
  if (DATE_ONLY.test(t)) {
    const ms = Date.parse(`${t}T00:00:00.000Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t) return null; // 2026-02-30
    return new Date(end ? ms + 86_400_000 - 1 : ms).toISOString();
  }
  if (!DATE_TIME.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `names`: how the caller's user calls the two ends (`--from` on the command line, `from` in a JSON body). */
export function parseReplayWindow(from: unknown, to: unknown, names = { from: "from", to: "to" }): WindowResult {
  const problems: string[] = [];
  const parse = (name: string, v: unknown, end: boolean): string | null => {
    if (typeof v !== "string" || v.trim() === "") {
      problems.push(`${name} is missing: give a date (2026-11-02) or an instant with its offset (2026-11-02T09:00:00Z)`);
      return null;
    }
    const at = instant(v, end);
    if (at === null) problems.push(`${name} "${v}" is not a date (2026-11-02) or an instant with its offset (2026-11-02T09:00:00Z)`);
    return at;
  };
  const f = parse(names.from, from, false);
  const t = parse(names.to, to, true);
  if (problems.length || f === null || t === null) return { ok: false, code: "REPLAY_DATE_INVALID", message: problems.join("; ") };
  if (f > t) return { ok: false, code: "REPLAY_WINDOW_EMPTY", message: `${names.from} (${f}) is after ${names.to} (${t})` };
  return { ok: true, from: f, to: t };
}
