import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJsonLossless } from "../../src/core/lossless-json.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export function fixtureBytes(relative: string): Buffer {
  return readFileSync(join(FIXTURES, relative));
}

/** A fixture parsed the way the ingest pipeline parses bodies: losslessly. */
export function fixtureJson(relative: string): unknown {
  const parsed = parseJsonLossless(fixtureBytes(relative));
  if (!parsed.ok) throw new Error(`${relative}: ${parsed.message}`);
  return parsed.value;
}

export function fixtureNames(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(".json")).sort();
}

/** A vendor body that a test reaches into and edits; its shape is the vendor's, not ours. */
export type VendorBody = Record<string, any>;
