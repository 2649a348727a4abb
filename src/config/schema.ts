import { z } from "zod";
import { ShopSettings } from "../core/settings.js";

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
  dispatcher: DispatcherConfig.default(DispatcherConfig.parse({})),
  /** The operator's flows folder (YAML); its flows replace built-in ones with the same id. */
  flowsDir: z.string().optional(),
  /** The approval policy (YAML); the built-in default when absent. */
  policyFile: z.string().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type Config = z.infer<typeof Config>;
