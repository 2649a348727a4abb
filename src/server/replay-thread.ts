import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ShopSettings } from "../core/settings.js";
import type { FlowDefinition } from "../flows/definition/schema.js";
import type { Policy } from "../flows/policy/schema.js";
import type { ReplayResult } from "../flows/replay/replay.js";
import type { ReplayRequest, ReplayRunner } from "../flows/replay/runner.js";
import type { StoreConfig } from "../store/open-store.js";

/**
 * What a replay thread rebuilds the server's replay from. Plain data, since a thread shares no
 * objects: the store to open (its own connection, as `firebreak replay` opens one beside a running
 * server), the server's flows and policy as they were loaded at boot (not the folder again, which
 * may have changed since), the flows switched off per shop, and each shop's settings.
 */
export interface ReplayThreadSpec {
  store: StoreConfig;
  flows: readonly FlowDefinition[];
  policy: Policy;
  disabled: ReadonlyArray<readonly [string, readonly string[]]>;
  settings: ReadonlyArray<readonly [string, ShopSettings]>;
}

export type ToReplayThread = { type: "replay"; id: number; request: ReplayRequest } | { type: "close" };
export type FromReplayThread = { id: number; ok: true; result: ReplayResult } | { id: number; ok: false; error: { name: string; message: string } };

/** The heap a replay thread may grow to: Node's own default for a 64-bit process. */
export const REPLAY_THREAD_HEAP_MB = 4096;

/** The replay needed more heap than its thread may have; the thread is gone, the server is not. */
export class ReplayOutOfMemoryError extends Error {
  readonly code = "REPLAY_OUT_OF_MEMORY";
  constructor(readonly limitMb: number) {
    super(`the replay needed more than the ${limitMb} MB of memory a replay may use in the server`);
  }
}

/** The compiled worker beside this file; null when running from the TypeScript sources (the tests), which have none. */
export function compiledReplayWorker(): URL | null {
  const url = new URL("./replay-worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

export interface ThreadRunnerOptions {
  /** The worker's entry (`compiledReplayWorker()` in the server). */
  workerUrl: URL;
  maxOldGenerationSizeMb?: number;
}

/**
 * Replays in a worker thread: the fold and the flows run on another core while this thread keeps
 * acknowledging webhooks. In this thread a replay is one long chain of promises that never waits
 * on I/O (better-sqlite3 and the replay's in-memory store answer at once), so nothing else ran
 * until it ended: seconds, past Shopify's five-second webhook timeout on a large window. The
 * thread starts with the first replay and stays (its compiled code and memos make the next
 * replay faster); one that runs out of memory or fails is replaced at the next replay.
 */
export function threadReplayRunner(spec: ReplayThreadSpec, opts: ThreadRunnerOptions): ReplayRunner {
  const limitMb = opts.maxOldGenerationSizeMb ?? REPLAY_THREAD_HEAP_MB;
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<number, { resolve(r: ReplayResult): void; reject(e: Error): void }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(opts.workerUrl, { workerData: spec, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    // Idle, the thread does not keep the process alive; a replay in flight does (run() refs it).
    w.unref();
    w.on("message", (m: FromReplayThread) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(errorFrom(m.error));
      if (pending.size === 0) w.unref();
    });
    w.on("error", (err: Error & { code?: string }) => {
      if (worker === w) worker = null;
      failAll(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ReplayOutOfMemoryError(limitMb) : err);
    });
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the replay thread stopped (exit code ${code}) before it answered`));
    });
    return w;
  };

  return {
    run(request) {
      const w = (worker ??= start());
      const id = ++seq;
      w.ref();
      return new Promise<ReplayResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ type: "replay", id, request } satisfies ToReplayThread);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
      if (pending.size > 0) {
        // A replay sends nothing, so one in flight is dropped, not waited for: the server is closing.
        failAll(new Error("the replay was stopped before it answered: the server is closing"));
        await w.terminate();
        return;
      }
      // Idle, the thread closes its store (a PostgreSQL pool's connections) and ends; one that does not is stopped.
      w.postMessage({ type: "close" } satisfies ToReplayThread);
      const timer = setTimeout(() => void w.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The replay's own errors keep their kind across the thread: a RangeError is a refused window. */
function errorFrom(e: { name: string; message: string }): Error {
  return e.name === "RangeError" ? new RangeError(e.message) : new Error(e.message);
}
