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

function convert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(convert);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[snake(k)] = convert(val);
  return out;
}
