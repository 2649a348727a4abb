import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createApp, type App } from "../../src/app.js";
import { Config } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { sequentialIds } from "../../src/core/ids.js";
import { seededRandom } from "../../src/core/random.js";
import { createLogger } from "../../src/server/logger.js";
import { AFTERSHIP_SECRET, API_TOKEN, EASYPOST_SECRET, SHIPPO_TOKEN, SHOP, SHOPIFY_OLD_SECRET, SHOPIFY_SECRET } from "../helpers/harness.js";

export interface CapturedApp {
  app: App;
  clock: FakeClock;
  /** Every log line the app wrote, as the product's own logger rendered it. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real app (SQLite, real Fastify, the product's logger) with a fake clock, like
 * test/helpers/harness.ts, but its log lines are kept so that scenarios can read them: worker
 * failures must not pass silently, and no secret may appear in them.
 */
export async function startCapturedApp(overrides: Record<string, unknown> = {}, start = "2026-11-02T09:00:00.000Z", beforeReady?: (app: App) => void): Promise<CapturedApp> {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-reliability-"));
  const clock = new FakeClock(start);
  const config = Config.parse({
    dataDir: dir,
    apiToken: API_TOKEN,
    port: 0,
    bodyLimitBytes: 256 * 1024,
    shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET, SHOPIFY_OLD_SECRET], shippoTokens: [SHIPPO_TOKEN] }],
    tracking: { easypostSecrets: [EASYPOST_SECRET], aftershipSecrets: [AFTERSHIP_SECRET] },
    logLevel: "debug",
    ...overrides,
  });
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString("utf8")), done()) });
  const app = await createApp({ config, clock, ids: sequentialIds("evt"), random: seededRandom(7), logger: createLogger(config, sink) });
  beforeReady?.(app);
  await app.recover();
  await app.server.ready();
  return {
    app,
    clock,
    logs,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lines at level error (50) or above: a worker step that threw, an unhandled route error. */
export const errorLines = (logs: readonly string[]): string[] => logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);

/** The run's seed: FIREBREAK_FUZZ_SEED when set (to reproduce a run), else a fresh one; printed either way. */
export function runSeed(): number {
  const fromEnv = process.env.FIREBREAK_FUZZ_SEED;
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FIREBREAK_FUZZ_SEED must be an integer, got "${fromEnv}"`);
  process.stdout.write(`reliability seed: ${seed} (reproduce with FIREBREAK_FUZZ_SEED=${seed} npm run test:reliability)\n`);
  return seed;
}
