import { isRecord } from "../../core/object-path.js";

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

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
