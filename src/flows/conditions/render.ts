import { Duration, UnsignedInt } from "@marcbachmann/cel-js/evaluator";
import { typeNameOf } from "./context.js";

/**
 * CEL values as an operator reads them in a reason: strings quoted and escaped, doubles with a
 * decimal point (`42.0`), ints without (`100`), `null`, lists `[1, 2]`, maps `{"a": 1}`,
 * timestamps ISO (`2026-03-01T10:00:00Z`), durations `duration("52h")`.
 *
 * Output is bounded (long strings, big lists and deep maps are cut with "…") so a reason stays
 * a sentence even when an expression compares a whole shipment list.
 */
export function renderCel(v: unknown): string {
  return render(v, 0);
}

const MAX_STRING = 200;
const MAX_ITEMS = 10;
const MAX_DEPTH = 3;

function render(v: unknown, depth: number): string {
  switch (typeof v) {
    case "string":
      return v.length > MAX_STRING ? `${JSON.stringify(v.slice(0, MAX_STRING))}…` : JSON.stringify(v);
    case "boolean":
      return String(v);
    case "bigint":
      return v.toString();
    case "number":
      return renderDouble(v);
    case "object":
      return v === null ? "null" : renderObject(v, depth);
    default:
      return "null"; // undefined never reaches CEL as a value; show what CEL would have seen
  }
}

function renderDouble(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Infinity" : "-Infinity";
  const s = String(n);
  // CEL tells doubles from ints by the point: 42.0 is a double, 42 an int.
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function renderObject(v: object, depth: number): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "invalid timestamp" : v.toISOString().replace(".000Z", "Z");
  if (v instanceof Duration) return `duration("${formatDuration(v)}")`;
  if (v instanceof UnsignedInt) return `${v.value.toString()}u`;
  if (v instanceof Uint8Array) return `b"${[...v.subarray(0, MAX_STRING)].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("")}"`;
  if (depth >= MAX_DEPTH) return Array.isArray(v) || v instanceof Set ? "[…]" : "{…}";
  if (Array.isArray(v) || v instanceof Set) return renderItems([...(v as Iterable<unknown>)].map((x) => [null, x]), "[", "]", depth);
  const entries: Array<[unknown, unknown]> = v instanceof Map ? [...v.entries()] : Object.entries(v);
  const proto: unknown = Object.getPrototypeOf(v);
  // A CEL type value (`type(x)`) has no fields and prints as its name.
  if (!(v instanceof Map) && proto !== Object.prototype && proto !== null && entries.length === 0) return typeNameOf(v);
  return renderItems(entries.filter(([, x]) => x !== undefined), "{", "}", depth);
}

function renderItems(items: Array<[unknown, unknown]>, open: string, close: string, depth: number): string {
  const shown = items.slice(0, MAX_ITEMS).map(([k, x]) => (k === null ? render(x, depth + 1) : `${render(k, depth + 1)}: ${render(x, depth + 1)}`));
  if (items.length > MAX_ITEMS) shown.push(`… ${items.length - MAX_ITEMS} more`);
  return `${open}${shown.join(", ")}${close}`;
}

/** `52h`, `1h30m`, `1.5s`, `250ms`: readable, and accepted back by CEL's `duration()`. */
export function formatDuration(d: Duration): string {
  const totalNanos = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  const sign = totalNanos < 0n ? "-" : "";
  let rest = totalNanos < 0n ? -totalNanos : totalNanos;
  if (rest === 0n) return "0s";
  const h = rest / 3_600_000_000_000n;
  rest %= 3_600_000_000_000n;
  const m = rest / 60_000_000_000n;
  rest %= 60_000_000_000n;
  let out = sign;
  if (h > 0n) out += `${h}h`;
  if (m > 0n) out += `${m}m`;
  if (rest > 0n) {
    const secs = rest / 1_000_000_000n;
    const frac = rest % 1_000_000_000n;
    if (secs === 0n && h === 0n && m === 0n && frac % 1_000_000n === 0n) out += `${frac / 1_000_000n}ms`;
    else out += frac === 0n ? `${secs}s` : `${secs}.${frac.toString().padStart(9, "0").replace(/0+$/, "")}s`;
  }
  return out;
}

/** The CEL type name of a value, for "condition must be true or false, got int 3". */
export function celTypeName(v: unknown): string {
  switch (typeof v) {
    case "string": return "string";
    case "boolean": return "bool";
    case "bigint": return "int";
    case "number": return "double";
    case "object":
      if (v === null) return "null";
      if (v instanceof Date) return "timestamp";
      if (v instanceof Duration) return "duration";
      if (v instanceof UnsignedInt) return "uint";
      if (v instanceof Uint8Array) return "bytes";
      if (Array.isArray(v) || v instanceof Set) return "list";
      if (v instanceof Map || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) return "map";
      return "type";
    default:
      return "null";
  }
}
