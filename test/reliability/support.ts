import { Writable } from "node:stream";
import type { App } from "../../src/app.js";
import type { FlowDefinition } from "../../src/flows/definition/schema.js";
import { createLogger } from "../../src/server/logger.js";
import { startHarness, type Harness } from "../helpers/harness.js";

export interface CapturedApp extends Harness {
  /** Every log line the app wrote, as the product's own logger rendered it. */
  logs: string[];
}

/**
 * The harness app (real SQLite, real Fastify, a fake clock) with the product's own logger at
 * debug, its lines kept so that scenarios can read them: worker failures must not pass silently,
 * and no secret may appear in them.
 */
export async function startCapturedApp(overrides: Record<string, unknown> = {}, start = "2026-11-02T09:00:00.000Z", beforeReady?: (app: App) => void, builtInFlows?: readonly FlowDefinition[]): Promise<CapturedApp> {
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString("utf8")), done()) });
  const h = await startHarness({ logLevel: "debug", ...overrides }, start, { logger: (config) => createLogger(config, sink), ...(beforeReady ? { beforeReady } : {}), ...(builtInFlows ? { builtInFlows } : {}) });
  return Object.assign(h, { logs });
}

/** Lines at level error (50) or above: a worker step that threw, an unhandled route error. */
export const errorLines = (logs: readonly string[]): string[] => logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);

/** The run's seed: FIREBREAK_FUZZ_SEED (set by vitest.reliability.config.ts, or by hand to replay a run); printed. */
export function runSeed(): number {
  const fromEnv = process.env.FIREBREAK_FUZZ_SEED;
  const seed = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FIREBREAK_FUZZ_SEED must be an integer, got "${fromEnv}"`);
  process.stdout.write(`reliability seed: ${seed} (reproduce with FIREBREAK_FUZZ_SEED=${seed} npm run test:reliability)\n`);
  return seed;
}
