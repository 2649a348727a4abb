export type DurationResult = { ok: true; ms: number } | { ok: false; code: "DURATION_INVALID"; message: string };

const UNIT_MS = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/**
 * One or more whole numbers with units, largest unit first, each unit at most once:
 * `30s`, `15m`, `2h`, `3d`, `1w`, `1h30m`, `1d12h`. A day is 24 hours and a week 7 days
 * (elapsed time, not calendar days; business days are the calendar's job).
 */
const PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses a flow duration (`wait.duration`, `timeout`, `limits.*.per`). Zero is refused: it never means anything useful there. */
export function parseDuration(text: string): DurationResult {
  const hint = 'write whole numbers with a unit, largest first: "30s", "15m", "2h", "3d", "1w" or "1h30m"';
  if (typeof text !== "string") return { ok: false, code: "DURATION_INVALID", message: `a duration must be a string; ${hint}` };
  const s = text.trim();
  const m = s === "" ? null : PATTERN.exec(s);
  if (m === null) return { ok: false, code: "DURATION_INVALID", message: `${JSON.stringify(text)} is not a duration; ${hint}` };
  const [, w, d, h, min, sec] = m;
  const ms =
    Number(w ?? 0) * UNIT_MS.w + Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(min ?? 0) * UNIT_MS.m + Number(sec ?? 0) * UNIT_MS.s;
  if (!Number.isSafeInteger(ms)) return { ok: false, code: "DURATION_INVALID", message: `${JSON.stringify(text)} is too long a duration` };
  if (ms === 0) return { ok: false, code: "DURATION_INVALID", message: `${JSON.stringify(text)} is zero; a duration must be longer than that` };
  return { ok: true, ms };
}
