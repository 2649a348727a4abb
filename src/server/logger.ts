import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "../config/schema.js";

/** Where credentials can sit in a logged object: headers, query strings, config-shaped values. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-hmac-signature"]',
  'req.headers["aftership-hmac-sha256"]',
  "req.query.token",
  "headers.authorization",
  "headers.cookie",
  "*.apiKey",
  "*.apiToken",
  "*.token",
  "*.webhookSecrets",
  "*.webhookUrl",
];

/** Every secret the config holds, in clear: the API tokens, webhook secrets, Shippo tokens, provider keys. */
export function configSecrets(config: Config): string[] {
  const pgPassword = config.store.kind === "postgres" ? passwordOf(config.store.url) : undefined;
  const slackPath = config.slack.webhookUrl ? new URL(config.slack.webhookUrl).pathname : undefined;
  return [
    config.apiToken,
    ...config.apiTokens.flatMap((t) => (t.token ? [t.token] : [])),
    ...config.shops.flatMap((s) => [...s.webhookSecrets, ...s.shippoTokens, ...(s.helpdesk ? [...s.helpdesk.inboundSecrets, s.helpdesk.apiToken, s.helpdesk.oauthToken] : [])]),
    ...config.tracking.easypostSecrets,
    ...config.tracking.aftershipSecrets,
    config.klaviyo.apiKey,
    config.webhook.secret,
    config.ai.openai.apiKey,
    config.ai.anthropic.apiKey,
    slackPath && slackPath.length > 1 ? slackPath : undefined,
    pgPassword,
  ].filter((s): s is string => typeof s === "string" && s.length >= 4);
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Replaces every occurrence of a secret in strings, deep in arrays and plain objects. */
export function scrubSecrets(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === "string") return secrets.reduce((s, secret) => (s.includes(secret) ? s.split(secret).join("[redacted]") : s), value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, secrets, depth + 1));
  if (value instanceof Error) return { message: scrubSecrets(value.message, secrets), stack: scrubSecrets(value.stack, secrets) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubSecrets(v, secrets, depth + 1);
  return out;
}

/**
 * The server's logger: known credential paths are censored, and any configured secret value that
 * still reaches a log line (an echoed header, a vendor's error text, a URL) is replaced wherever it
 * sits. Both, because a path list only covers the shapes someone thought of.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const secrets = configSecrets(config);
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => scrubSecrets(a, secrets)));
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
