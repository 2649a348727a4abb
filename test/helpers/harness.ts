import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import { Config } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { sequentialIds } from "../../src/core/ids.js";
import { seededRandom } from "../../src/core/random.js";
import type { SqliteStore } from "../../src/store/sqlite/open.js";
import type { FlowDefinition } from "../../src/flows/definition/schema.js";
import type { Logger } from "pino";

export const SHOP = "snowdevil.myshopify.com";
export const SHOPIFY_SECRET = "shpss_test_current_secret";
export const SHOPIFY_OLD_SECRET = "shpss_test_previous_secret";
export const EASYPOST_SECRET = "sécret";
export const AFTERSHIP_SECRET = "aftership-test-secret";
export const SHIPPO_TOKEN = "shippo-url-token-0123456789";
export const API_TOKEN = "test-api-token-0123456789abcdef0123";

const fixturesDir = join(import.meta.dirname, "..", "fixtures");
export const fixture = (rel: string): Buffer => readFileSync(join(fixturesDir, rel));

export interface Harness {
  app: App;
  clock: FakeClock;
  dir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Built-in flows to run instead of the shipped set (tests pinned to one layer). */
  builtInFlows?: readonly FlowDefinition[];
  /** The app's logger, made from its config (default: none). */
  logger?(config: Config): Logger;
  /** Runs after the app is built and before its plugins load (e.g. to watch routes register). */
  beforeReady?(app: App): void;
  /** The compiled replay worker the API's replays run in (default: none, they run in the test's thread). */
  replayWorker?: URL;
}

/** A real app on a temporary SQLite store, with a fake clock and deterministic ids. */
export async function startHarness(overrides: Record<string, unknown> = {}, start = "2026-11-02T09:00:00.000Z", opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-test-"));
  const clock = new FakeClock(start);
  const config = Config.parse({
    dataDir: dir,
    apiToken: API_TOKEN,
    port: 0,
    bodyLimitBytes: 256 * 1024,
    shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET, SHOPIFY_OLD_SECRET], shippoTokens: [SHIPPO_TOKEN] }],
    tracking: { easypostSecrets: [EASYPOST_SECRET], aftershipSecrets: [AFTERSHIP_SECRET] },
    logLevel: "silent",
    ...overrides,
  });
  const app = await createApp({ config, clock, ids: sequentialIds("evt"), random: seededRandom(7), logger: opts.logger?.(config) ?? false, ...(opts.builtInFlows ? { builtInFlows: opts.builtInFlows } : {}), replayWorker: opts.replayWorker ?? null });
  opts.beforeReady?.(app);
  await app.recover();
  await app.server.ready();
  return {
    app,
    clock,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let webhookSeq = 0;

export function shopifyHeaders(topic: string, body: Buffer | string, opts: { secret?: string; shop?: string; webhookId?: string | null } = {}): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": opts.shop ?? SHOP,
    "x-shopify-hmac-sha256": createHmac("sha256", opts.secret ?? SHOPIFY_SECRET).update(body).digest("base64"),
    "x-shopify-api-version": "2026-07",
  };
  if (opts.webhookId !== null) h["x-shopify-webhook-id"] = opts.webhookId ?? `wh-${++webhookSeq}`;
  return h;
}

export function easypostHeaders(body: Buffer | string, secret = EASYPOST_SECRET): Record<string, string> {
  return { "content-type": "application/json", "x-hmac-signature": `hmac-sha256-hex=${createHmac("sha256", secret.normalize("NFKD")).update(body).digest("hex")}` };
}

export function aftershipHeaders(body: Buffer | string, secret = AFTERSHIP_SECRET): Record<string, string> {
  return { "content-type": "application/json", "aftership-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64") };
}

export const bearer = { authorization: `Bearer ${API_TOKEN}` };

/** Counts of what the store holds, to prove that a rejected request wrote nothing. */
export async function storeCounts(app: App): Promise<{ events: number; rawBodies: number; outbox: number }> {
  const raw = (app.store as SqliteStore).raw;
  const count = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { events: count("events"), rawBodies: count("raw_bodies"), outbox: count("outbox") };
}
