import { isRecord } from "../../core/object-path.js";

// Keys come from a small fixed vocabulary (our types' field names): convert each once.
const snakeCache = new Map<string, string>();
const snake = (k: string): string => {
  let s = snakeCache.get(k);
  if (s === undefined) {
    s = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeCache.size < 10_000) snakeCache.set(k, s);
  }
  return s;
};

/** camelCase keys (ours) → snake_case keys (what flow expressions read, like Shopify's payloads), deeply. */
export function snakeKeys(v: unknown): Record<string, unknown> {
  return convert(v) as Record<string, unknown>;
}

/** `snakeKeys` of a record without one of its fields (a shipment without its checkpoints), with no copy made first. */
export function snakeKeysExcept(v: Record<string, unknown>, omit: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in v) if (k !== omit && Object.prototype.hasOwnProperty.call(v, k)) out[snake(k)] = convert(v[k]);
  return out;
}

// Loops rather than Object.entries/map: contexts are built at every fold, and these allocations were most of it.
function convert(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = convert(v[i]);
    return out;
  }
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) out[snake(k)] = convert(v[k]);
  return out;
}
