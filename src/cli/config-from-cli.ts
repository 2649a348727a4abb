import { existsSync } from "node:fs";
import { loadConfig, type Env } from "../config/load.js";
import type { Config } from "../config/schema.js";

/** Loads the config for a command, or prints every problem (naming the key) and exits 2. */
export function configOrExit(opts: { config?: string; port?: string; dataDir?: string }, env: Env): Config {
  const file = opts.config ?? (existsSync("firebreak.yaml") ? "firebreak.yaml" : undefined);
  const flags: Record<string, unknown> = {};
  if (opts.port !== undefined) flags.port = Number(opts.port);
  if (opts.dataDir !== undefined) flags.dataDir = opts.dataDir;
  const r = loadConfig({ file, env, flags });
  if (r.ok) return r.config;
  process.stderr.write(`firebreak: the configuration is not valid${file ? ` (${file} + environment)` : " (environment; no firebreak.yaml found)"}:\n`);
  for (const e of r.errors) process.stderr.write(`  - ${e}\n`);
  process.stderr.write("See README.md, section Configuration.\n");
  process.exit(2);
}
