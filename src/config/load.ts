import { readFileSync, existsSync } from "node:fs";
import { parseDocument, LineCounter } from "yaml";
import { Config } from "./schema.js";
import { getIn, isRecord } from "../core/object-path.js";
import { helpdeskFromEnv } from "./helpdesk-env.js";

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Environment variables Firebreak reads, all in one place (modules never read process.env). */
export type Env = Record<string, string | undefined>;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined || v.trim() === "" ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean);

/** Maps the documented environment variables onto the config shape (only the ones that are set). */
export function configFromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.PORT) out.port = Number(env.PORT);
  if (env.FIREBREAK_HOST) out.host = env.FIREBREAK_HOST;
  if (env.FIREBREAK_DATA_DIR) out.dataDir = env.FIREBREAK_DATA_DIR;
  if (env.FIREBREAK_API_TOKEN) out.apiToken = env.FIREBREAK_API_TOKEN;
  if (env.FIREBREAK_LOG_LEVEL) out.logLevel = env.FIREBREAK_LOG_LEVEL;
  if (env.FIREBREAK_FLOWS_DIR) out.flowsDir = env.FIREBREAK_FLOWS_DIR;
  if (env.FIREBREAK_HELP_CENTRE_DIR) out.helpCentreDir = env.FIREBREAK_HELP_CENTRE_DIR;
  if (env.FIREBREAK_POLICY_FILE) out.policyFile = env.FIREBREAK_POLICY_FILE;
  if (env.FIREBREAK_DATABASE_URL) out.store = { kind: "postgres", url: env.FIREBREAK_DATABASE_URL };
  const shopDomain = env.FIREBREAK_SHOPIFY_SHOP;
  const shopSecrets = list(env.FIREBREAK_SHOPIFY_WEBHOOK_SECRET);
  const shippo = list(env.FIREBREAK_SHIPPO_TOKEN);
  if (shopDomain || shopSecrets || shippo) {
    out.shops = [{ ...(shopDomain ? { domain: shopDomain } : {}), ...(shopSecrets ? { webhookSecrets: shopSecrets } : {}), ...(shippo ? { shippoTokens: shippo } : {}) }];
  }
  const tracking: Record<string, unknown> = {};
  const ep = list(env.FIREBREAK_EASYPOST_WEBHOOK_SECRET);
  const as = list(env.FIREBREAK_AFTERSHIP_WEBHOOK_SECRET);
  if (ep) tracking.easypostSecrets = ep;
  if (as) tracking.aftershipSecrets = as;
  if (Object.keys(tracking).length) out.tracking = tracking;
  const klaviyo: Record<string, unknown> = {};
  if (env.FIREBREAK_KLAVIYO_API_KEY) klaviyo.apiKey = env.FIREBREAK_KLAVIYO_API_KEY;
  if (env.FIREBREAK_KLAVIYO_BASE_URL) klaviyo.baseUrl = env.FIREBREAK_KLAVIYO_BASE_URL;
  if (Object.keys(klaviyo).length) out.klaviyo = klaviyo;
  if (env.FIREBREAK_SLACK_WEBHOOK_URL) out.slack = { webhookUrl: env.FIREBREAK_SLACK_WEBHOOK_URL };
  const helpdesk = helpdeskFromEnv(env);
  if (helpdesk) out.shops = [{ ...((out.shops as Record<string, unknown>[] | undefined)?.[0] ?? {}), helpdesk }];
  const ai = aiFromEnv(env);
  if (Object.keys(ai).length) out.ai = ai;
  const webhook: Record<string, unknown> = {};
  if (env.FIREBREAK_WEBHOOK_URL) webhook.url = env.FIREBREAK_WEBHOOK_URL;
  if (env.FIREBREAK_WEBHOOK_SECRET) webhook.secret = env.FIREBREAK_WEBHOOK_SECRET;
  if (Object.keys(webhook).length) out.webhook = webhook;
  return out;
}

/** The `ai` section's variables: API keys live in the environment, not in a file. */
function aiFromEnv(env: Env): Record<string, unknown> {
  const ai: Record<string, unknown> = {};
  if (env.FIREBREAK_AI_ENGINE) ai.engine = env.FIREBREAK_AI_ENGINE;
  if (env.FIREBREAK_AI_MODEL) ai.model = env.FIREBREAK_AI_MODEL;
  const provider = (key: string | undefined, baseUrl: string | undefined) => ({ ...(key ? { apiKey: key } : {}), ...(baseUrl ? { baseUrl } : {}) });
  const openai = provider(env.FIREBREAK_OPENAI_API_KEY, env.FIREBREAK_OPENAI_BASE_URL);
  const anthropic = provider(env.FIREBREAK_ANTHROPIC_API_KEY, env.FIREBREAK_ANTHROPIC_BASE_URL);
  if (Object.keys(openai).length) ai.openai = openai;
  if (Object.keys(anthropic).length) ai.anthropic = anthropic;
  return ai;
}

/** Which environment variable sets a key, for "is required" messages. */
const ENV_HINTS: Record<string, string> = {
  apiToken: "FIREBREAK_API_TOKEN",
  shops: "FIREBREAK_SHOPIFY_SHOP and FIREBREAK_SHOPIFY_WEBHOOK_SECRET",
  "shops.*.domain": "FIREBREAK_SHOPIFY_SHOP",
  "shops.*.webhookSecrets": "FIREBREAK_SHOPIFY_WEBHOOK_SECRET",
};

/** Deep merge where later layers win; arrays of shops merge element-wise (env sets the first shop). */
export function mergeLayers(...layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (isRecord(a) && isRecord(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
      return out;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.every(isRecord) && b.every(isRecord)) {
      return a.length === 0 ? b : a.map((item, i) => (i < b.length ? merge(item, b[i]) : item)).concat(b.slice(a.length));
    }
    return b;
  };
  return layers.reduce<Record<string, unknown>>((acc, l) => merge(acc, l) as Record<string, unknown>, {});
}

export interface FileLayer {
  data: Record<string, unknown>;
  /** Line of a dotted key path in the file, for error messages. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

export function readConfigFile(path: string): { ok: true; layer: FileLayer } | { ok: false; errors: string[] } {
  if (!existsSync(path)) return { ok: false, errors: [`${path}: file not found`] };
  const text = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length) return { ok: false, errors: doc.errors.map((e) => `${path}: ${e.message}`) };
  const data = doc.toJS() ?? {};
  if (!isRecord(data)) return { ok: false, errors: [`${path}: the top level must be a mapping of keys`] };
  return {
    ok: true,
    layer: {
      data,
      lineOf: (p) => {
        const node = doc.getIn(p as PropertyKey[], true) as { range?: [number, number, number] } | undefined;
        return node?.range ? lineCounter.linePos(node.range[0]).line : null;
      },
    },
  };
}

/**
 * Config precedence: CLI flags > environment > file > defaults. Validated once, at boot;
 * every error names the key (and the file line, when the key came from the file).
 */
export function loadConfig(opts: { file?: string | undefined; env: Env; flags?: Record<string, unknown>; base?: Record<string, unknown> }): ConfigResult {
  let fileLayer: FileLayer | null = null;
  if (opts.file) {
    const read = readConfigFile(opts.file);
    if (!read.ok) return read;
    fileLayer = read.layer;
  }
  const merged = mergeLayers(opts.base ?? {}, fileLayer?.data ?? {}, configFromEnv(opts.env), opts.flags ?? {});
  const parsed = Config.safeParse(merged);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String).join(".") || "(top level)";
    const line = fileLayer?.lineOf(issue.path) ?? null;
    const where = line !== null && opts.file ? ` (${opts.file}:${line})` : "";
    const missing = issue.code === "invalid_type" && getIn(merged, issue.path) === undefined;
    const hint = ENV_HINTS[key.replace(/^shops\.0\./, "shops.*.")];
    const message = missing ? `is required${hint ? ` (set ${hint})` : ""}` : issue.message;
    return `config key "${key}"${where}: ${message}`;
  });
  return { ok: false, errors };
}
