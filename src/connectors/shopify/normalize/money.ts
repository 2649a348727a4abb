/**
 * Exact decimal sum of money strings ("75.00" + "10.0" → "85.00"), never through floats.
 * Returns null when any input is not a plain decimal.
 */
export function sumDecimals(values: readonly string[]): string | null {
  const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
  let scale = 2;
  for (const v of values) {
    const m = DECIMAL.exec(v.trim());
    if (!m) return null;
    scale = Math.max(scale, (m[3] ?? "").length);
  }
  let total = 0n;
  for (const v of values) {
    const m = DECIMAL.exec(v.trim()) as RegExpExecArray;
    const fraction = (m[3] ?? "").padEnd(scale, "0");
    const units = BigInt((m[2] ?? "0") + fraction);
    total += m[1] === "-" ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}.${frac}`;
}
