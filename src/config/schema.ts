import { z } from "zod";
import { ShopSettings } from "../core/settings.js";

/**
 * The shop's helpdesk. `domain` is the account name: acme → acme.gorgias.com / acme.zendesk.com.
 * `inboundSecrets`: Gorgias — the token the HTTP integration sends in X-Firebreak-Token (Gorgias
 * signs nothing); Zendesk — the webhook's signing secret. More than one during a rotation.
 */
export const HelpdeskConfig = z
  .object({
    kind: z.enum(["gorgias", "zendesk"]),
    domain: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be the account name, like acme for acme.gorgias.com"),
    /** The API user: Gorgias Basic auth user; Zendesk `email/token` user. */
    email: z.string().min(3).optional(),
    /** Gorgias API key or Zendesk API token (a secret: never logged). */
    apiToken: z.string().min(1).optional(),
    /** Zendesk OAuth access token, sent as a Bearer token instead of email/token. */
    oauthToken: z.string().min(1).optional(),
    inboundSecrets: z.array(z.string().min(16, "must be at least 16 characters")).default([]),
    /** Overrides https://{domain}.gorgias.com / https://{domain}.zendesk.com (a proxy, or a fake in tests). */
    baseUrl: z.url().optional(),
    /** The ticket custom field that holds the intent, when the helpdesk has one. */
    intentFieldId: z.string().regex(/^\d+$/, "must be a numeric field id").optional(),
    /** Zendesk: how old a signed request may be. */
    signatureToleranceSeconds: z.number().int().min(1).max(86_400).default(300),
  })
  .refine((h) => h.kind === "zendesk" || h.oauthToken === undefined, { message: "oauthToken is for Zendesk; Gorgias uses email and apiToken", path: ["oauthToken"] });
export type HelpdeskConfig = z.infer<typeof HelpdeskConfig>;

export const ShopConfig = z.object({
  /** The shop's permanent domain, as Shopify sends it in X-Shopify-Shop-Domain. */
  domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a permanent domain like snowdevil.myshopify.com"),
  /** App client secrets; more than one during a rotation (the first is current). */
  webhookSecrets: z.array(z.string().min(1)).min(1, "needs at least one Shopify webhook secret"),
  /** Token in Shippo's webhook URL (Shippo signs nothing): /webhooks/tracking/shippo?token=… */
  shippoTokens: z.array(z.string().min(16, "must be at least 16 characters")).default([]),
  settings: ShopSettings.default(ShopSettings.parse({})),
  /** Flow ids switched off for this shop. */
  disabledFlows: z.array(z.string()).default([]),
  helpdesk: HelpdeskConfig.optional(),
});
export type ShopConfig = z.infer<typeof ShopConfig>;

export const StoreConfig = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sqlite"), synchronous: z.enum(["FULL", "NORMAL"]).default("FULL") }),
  z.object({ kind: z.literal("postgres"), url: z.string().startsWith("postgres", "must be a postgres:// URL"), schema: z.string().optional() }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;

export const DispatcherConfig = z.object({
  maxAttempts: z.number().int().min(1).max(50).default(8),
  baseMs: z.number().int().min(10).default(2_000),
  maxMs: z.number().int().min(100).default(3_600_000),
  timeoutMs: z.number().int().min(100).default(10_000),
  batch: z.number().int().min(1).max(500).default(25),
  leaseMs: z.number().int().min(1_000).default(120_000),
});
export type DispatcherConfig = z.infer<typeof DispatcherConfig>;

export const AiConfig = z
  .object({
    /** Which classifier engine decides; the offline model needs no network and no key. */
    engine: z.enum(["offline", "openai", "anthropic"]).default("offline"),
    /** Below this confidence a ticket goes to a person. */
    confidenceThreshold: z.number().min(0).max(1).default(0.6),
    /** The LLM model id (defaults per provider when absent). */
    model: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).default(20_000),
    openai: z.object({ apiKey: z.string().min(1).optional(), baseUrl: z.url().default("https://api.openai.com/v1") }).default({ baseUrl: "https://api.openai.com/v1" }),
    anthropic: z.object({ apiKey: z.string().min(1).optional(), baseUrl: z.url().default("https://api.anthropic.com") }).default({ baseUrl: "https://api.anthropic.com" }),
  })
  .superRefine((ai, ctx) => {
    if (ai.engine === "openai" && !ai.openai.apiKey) ctx.addIssue({ code: "custom", path: ["openai", "apiKey"], message: "is required when engine is openai (set FIREBREAK_OPENAI_API_KEY)" });
    if (ai.engine === "anthropic" && !ai.anthropic.apiKey) ctx.addIssue({ code: "custom", path: ["anthropic", "apiKey"], message: "is required when engine is anthropic (set FIREBREAK_ANTHROPIC_API_KEY)" });
  });
export type AiConfig = z.infer<typeof AiConfig>;
/** An extra API token (one per person or script), optionally expiring; give the token or only its SHA-256. */
export const ApiTokenConfig = z
  .object({
    name: z.string().min(1),
    token: z.string().min(24, "must be at least 24 characters (generate one with `openssl rand -hex 24`)").optional(),
    /** Hex SHA-256 of the token (`printf %s "$TOKEN" | sha256sum`), so the config file need not hold it in clear. */
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/i, "must be 64 hex digits (a SHA-256)").optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((t) => (t.token === undefined) !== (t.tokenSha256 === undefined), "give exactly one of token and tokenSha256");
export type ApiTokenConfig = z.infer<typeof ApiTokenConfig>;

export const AuthRateLimitConfig = z.object({
  maxFailures: z.number().int().min(1).default(60),
  windowMs: z.number().int().min(1_000).default(60_000),
});
export type AuthRateLimitConfig = z.infer<typeof AuthRateLimitConfig>;

export const Config = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().default("./.firebreak"),
  /** Bearer token for /api/*. */
  apiToken: z.string().min(24, "must be at least 24 characters (generate one with `openssl rand -hex 24`)"),
  apiTokens: z.array(ApiTokenConfig).default([]),
  /** Failed authentications (API tokens, webhook signatures) one client address may make per window. */
  authRateLimit: AuthRateLimitConfig.default(AuthRateLimitConfig.parse({})),
  bodyLimitBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(2 * 1024 * 1024),
  store: StoreConfig.default({ kind: "sqlite", synchronous: "FULL" }),
  shops: z.array(ShopConfig).min(1, "configure at least one shop"),
  tracking: z
    .object({
      easypostSecrets: z.array(z.string().min(1)).default([]),
      aftershipSecrets: z.array(z.string().min(1)).default([]),
    })
    .default({ easypostSecrets: [], aftershipSecrets: [] }),
  klaviyo: z
    .object({
      apiKey: z.string().min(1).optional(),
      baseUrl: z.url().default("https://a.klaviyo.com"),
      revision: z.string().default("2026-07-15"),
    })
    .default({ baseUrl: "https://a.klaviyo.com", revision: "2026-07-15" }),
  slack: z.object({ webhookUrl: z.url().optional() }).default({}),
  /** The signed outbound webhook (`webhook.send`): where to POST and the HMAC secret receivers verify with. */
  webhook: z.object({ url: z.url().optional(), secret: z.string().min(16, "must be at least 16 characters").optional() }).default({}),
  dispatcher: DispatcherConfig.default(DispatcherConfig.parse({})),
  ai: AiConfig.default(AiConfig.parse({})),
  /** The operator's flows folder (YAML); its flows replace built-in ones with the same id. */
  flowsDir: z.string().optional(),
  /** The approved help content drafts may cite (markdown); the demo store's help centre when absent. */
  helpCentreDir: z.string().optional(),
  /** The approval policy (YAML); the built-in default when absent. */
  policyFile: z.string().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type Config = z.infer<typeof Config>;
