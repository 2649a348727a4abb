import { configFromEnv, mergeLayers, readConfigFile, type Env } from "./load.js";
import { AiConfig } from "./schema.js";

export type AiConfigResult = { ok: true; ai: AiConfig } | { ok: false; errors: string[] };

/**
 * The `ai` section alone, for commands that classify without running a shop (no API token or
 * shop secrets needed). Same precedence as the full config: flags > environment > file > defaults.
 */
export function loadAiConfig(opts: { file?: string | undefined; env: Env; flags?: Record<string, unknown> }): AiConfigResult {
  let fromFile: unknown = {};
  if (opts.file) {
    const read = readConfigFile(opts.file);
    if (!read.ok) return read;
    fromFile = read.layer.data.ai ?? {};
  }
  const layer = (v: unknown) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
  const merged = mergeLayers(layer(fromFile), layer(configFromEnv(opts.env).ai), opts.flags ?? {});
  const parsed = AiConfig.safeParse(merged);
  if (parsed.success) return { ok: true, ai: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `config key "ai.${i.path.map(String).join(".")}": ${i.message}`) };
}
