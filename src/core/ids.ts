import { hash, randomBytes } from "node:crypto";

/** Source of new ids. Injected so tests and replays can be deterministic. */
export type IdSource = () => string;

/**
 * Time-ordered ids (UUIDv7 layout): they sort by creation time, which keeps B-tree inserts
 * append-only in both SQLite and PostgreSQL.
 */
export function uuidv7Source(now: () => number = Date.now, random: (n: number) => Buffer = randomBytes): IdSource {
  return () => {
    const ms = BigInt(now());
    const bytes = random(16);
    bytes[0] = Number((ms >> 40n) & 0xffn);
    bytes[1] = Number((ms >> 32n) & 0xffn);
    bytes[2] = Number((ms >> 24n) & 0xffn);
    bytes[3] = Number((ms >> 16n) & 0xffn);
    bytes[4] = Number((ms >> 8n) & 0xffn);
    bytes[5] = Number(ms & 0xffn);
    bytes[6] = (bytes[6]! & 0x0f) | 0x70;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** Sequential ids for tests. */
export function sequentialIds(prefix = "id"): IdSource {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(6, "0")}`;
}

/** A deterministic id from its parts: the same decision made twice gets the same id. */
export function stableId(...parts: Array<string | number | null>): string {
  // One-shot hash: a replay makes one per run and per decision, and a Hash object per id cost more than the digest.
  let text = "";
  for (let i = 0; i < parts.length; i++) text += (i > 0 ? "\u0000" : "") + String(parts[i] ?? "");
  return hash("sha256", text, "hex").slice(0, 32);
}
