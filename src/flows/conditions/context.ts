import { Duration, UnsignedInt } from "@marcbachmann/cel-js/evaluator";
import { isLosslessNumber, isSafeNumber } from "lossless-json";

/**
 * What an expression sees: the variables of docs/FLOWS.md (`event`, `order`, `shipment`, `signal`,
 * `customer`, `holds`, `tickets`, `shop`, `now`) as plain JS values. The engine builds it; this
 * module only maps it onto CEL values.
 */
export type CelContext = Readonly<Record<string, unknown>>;

/**
 * A variable of a context: an own field of it, or one of its prototype chain up to
 * Object.prototype, which is never searched (`constructor` is no variable). A flow context keeps
 * its lazily worked-out views as accessors on a prototype all contexts share (engine/context.ts).
 */
export function contextVariable(ctx: CelContext, name: string): unknown {
  for (let o: object | null = ctx; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    if (Object.prototype.hasOwnProperty.call(o, name)) return ctx[name];
  }
  return undefined;
}

/**
 * JS → CEL, the mapping every flow expression relies on:
 *
 * | JS                                 | CEL                                                   |
 * |------------------------------------|-------------------------------------------------------|
 * | number (integer or not)            | double — `order.total_price` is 42.0, never int 42   |
 * | bigint                             | int                                                   |
 * | string, boolean, null              | string, bool, null                                    |
 * | Date                               | timestamp (`now`); an invalid Date becomes null       |
 * | array, Set                         | list (undefined elements become null)                 |
 * | plain object, Map (string keys)    | map; keys whose value is undefined or a function are  |
 * |                                    | dropped, so `has(order.foo)` is false and reading     |
 * |                                    | `order.foo` is an evaluation error                    |
 * | LosslessNumber                     | double when exact, else string (ids stay strings)     |
 * | other objects                      | `toJSON()` if they have one, else own fields as a map |
 * | undefined, function, symbol        | null                                                  |
 *
 * Why every number is a double: a price that happens to be whole must not switch to integer
 * division or print as `150` in one run and `150.5` in the next. Comparisons with int literals
 * (`> 100`) work across types in CEL, and env.ts adds mixed int/double arithmetic.
 *
 * Timestamp fields in the context (`order.promised_by`, `shipment.last_scan_at`) stay ISO strings;
 * expressions wrap them: `timestamp(order.promised_by) < now`.
 *
 * Values that need no change are returned as they are (no copy), so converting a context that is
 * already plain JSON allocates nothing.
 */
export function toCelValue(v: unknown): unknown {
  if (typeof v === "object" && v !== null) {
    if (verified.has(v)) return v;
    if (isCel(v, 0)) {
      verified.add(v);
      return v;
    }
  } else if (isCel(v, 0)) return v;
  return toCel(v, 0);
}

/**
 * Objects already found to need no conversion, so a context evaluated by many expressions is
 * walked once. They are passed on as they are (never copied), so later changes to them are still
 * seen; a value that is not plain JSON added afterwards reaches the library unconverted, where it
 * is an evaluation error ("Unsupported type"), never a crash. Contexts are meant to be snapshots.
 */
const verified = new WeakSet<object>();

/**
 * True when the library reads `v` exactly as the mapping above says, so it can be passed as is.
 * A separate allocation-free pass: contexts are nearly always plain JSON plus Dates.
 * (An object key whose value is undefined is fine: the library treats it as absent too.)
 */
function isCel(v: unknown, depth: number): boolean {
  if (typeof v !== "object") return typeof v === "string" || typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
  if (v === null) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined || !isCel(x, depth + 1)) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (x !== undefined && !isCel(x, depth + 1)) return false;
    }
    return true;
  }
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  return v instanceof Uint8Array || v instanceof Duration || v instanceof UnsignedInt;
}

/** Deeper than any real payload; stops a cyclic object from recursing forever. */
const MAX_DEPTH = 64;

function toCel(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
    case "bigint":
      return v;
    case "object":
      return v === null ? null : objectToCel(v, depth);
    default:
      return null;
  }
}

/** A Map's entries with string keys; an entry whose key is an object has no JSON form and is dropped. */
const mapEntries = (m: Map<unknown, unknown>): Array<[string, unknown]> =>
  [...m.entries()].filter(([k]) => ["string", "number", "bigint", "boolean"].includes(typeof k)).map(([k, x]) => [String(k), x]);

const dropped = (v: unknown): boolean => v === undefined || typeof v === "function" || typeof v === "symbol";

function objectToCel(v: object, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (Array.isArray(v)) return arrayToCel(v, depth);
  if (v instanceof Uint8Array || v instanceof Duration || v instanceof UnsignedInt) return v;
  if (v instanceof Set) return arrayToCel([...v], depth);
  if (v instanceof Map) return entriesToCel(mapEntries(v), depth, null);
  if (isLosslessNumber(v)) return isSafeNumber(v.value) ? Number(v.value) : v.value;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    const json = (v as { toJSON?: unknown }).toJSON;
    if (typeof json === "function") return toCel(json.call(v), depth + 1);
    return entriesToCel(Object.entries(v), depth, null);
  }
  return entriesToCel(Object.entries(v), depth, v);
}

function arrayToCel(v: readonly unknown[], depth: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const c = toCel(x, depth + 1);
    if (out === undefined && !Object.is(c, x)) out = v.slice(0, i);
    out?.push(c);
  }
  return out ?? (v as unknown[]);
}

/** `same` is the original object when it may be returned unchanged (a plain object). */
function entriesToCel(entries: Array<[string, unknown]>, depth: number, same: object | null): object {
  let changed = same === null;
  const converted: Array<[string, unknown]> = [];
  for (const [k, x] of entries) {
    if (dropped(x)) {
      changed = true;
      continue;
    }
    const c = toCel(x, depth + 1);
    if (!Object.is(c, x)) changed = true;
    converted.push([k, c]);
  }
  if (!changed && same !== null) return same;
  // A null prototype: an own key named "__proto__" stays a key, and nothing is inherited.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, c] of converted) out[k] = c;
  return out;
}

/**
 * CEL → plain JS, for values handed back to callers: int and uint become numbers when they fit
 * in a double exactly, else decimal strings; timestamps become ISO strings; durations become
 * milliseconds; bytes become base64; maps become plain objects.
 */
export function toPlainValue(v: unknown): unknown {
  return toPlain(v, 0);
}

function toPlain(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
      return v;
    case "bigint":
      return bigintToPlain(v);
    case "object":
      if (v === null || depth > MAX_DEPTH) return null;
      return objectToPlain(v, depth);
    default:
      return null;
  }
}

const bigintToPlain = (v: bigint): number | string =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();

function objectToPlain(v: object, depth: number): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Duration) return Number(v.seconds) * 1000 + Math.trunc(v.nanos / 1e6);
  if (v instanceof UnsignedInt) return bigintToPlain(v.value);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v) || v instanceof Set) return [...v].map((x) => toPlain(x, depth + 1));
  const entries: Array<[string, unknown]> = v instanceof Map ? mapEntries(v) : Object.entries(v);
  const proto: unknown = Object.getPrototypeOf(v);
  // CEL type values (`type(x)`) print as their name; nothing else of that kind reaches callers.
  if (!(v instanceof Map) && proto !== Object.prototype && proto !== null && entries.length === 0) return typeNameOf(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries) {
    if (dropped(x)) continue;
    setOwn(out, k, toPlain(x, depth + 1));
  }
  return out;
}

/** Sets an own property; a key named "__proto__" stays a key instead of replacing the prototype. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A CEL type value (`type(x)`) as its name, `int`; any other field-less object as its string form. */
export function typeNameOf(v: object): string {
  const name = (v as { name?: unknown }).name;
  return typeof name === "string" ? name : String(v);
}
