/** A vendor timestamp as a UTC ISO string (`toISOString()` form), or null when absent or unparseable. */
export function toUtcIso(v: unknown): string | null {
  if (typeof v !== "string" || v.length === 0) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The first of the candidates that is a valid timestamp, as UTC ISO. */
export function firstIso(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    const iso = toUtcIso(c);
    if (iso !== null) return iso;
  }
  return null;
}

/** Unix seconds as UTC ISO, or null when they are out of Date's range (a fuzzed `ts: 1e308` must not throw). */
export function epochSecondsToIso(seconds: number): string | null {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
