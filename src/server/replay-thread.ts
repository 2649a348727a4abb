import { Worker } from "node:worker_threads";
import type { ReplayResult } from "../flows/replay/replay.js";
import type { ReplayRequest, ReplayRunner } from "../flows/replay/runner.js";
import { compiledBeside, PendingCalls, type ThreadAnswer } from "./thread-calls.js";

import type { ReplayThreadSpec } from "./replay-spec.js";

export type ToReplayThread = { type: "replay"; id: number; request: ReplayRequest } | { type: "close" };
export type FromReplayThread = ThreadAnswer<ReplayResult>;

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
export const compiledReplayWorker = (): URL | null => compiledBeside("./replay-worker.js", import.meta.url);

/** How long the thread outlives its last replay: a replay's heap stays resident in an idle thread (300 MB after 20,000 events through every flow, before the replay went by group). */
export const REPLAY_THREAD_IDLE_MS = 10 * 60_000;

/** A timer that can be called off (injected: the tests fire it themselves). */
export type SetTimer = (fire: () => void, ms: number) => { cancel(): void };

const realTimer: SetTimer = (fire, ms) => {
  const t = setTimeout(fire, ms);
  // A thread waiting to end does not keep the process alive.
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

/** What the server logs of its replay thread. */
export type ReplayThreadEvent = { kind: "started" } | { kind: "ended"; why: "idle" | "closing" | "failed"; exitCode: number };

export interface ThreadRunnerOptions {
  /** The worker's entry (`compiledReplayWorker()` in the server). */
  workerUrl: URL;
  maxOldGenerationSizeMb?: number;
  /** `REPLAY_THREAD_IDLE_MS` unless given. */
  idleMs?: number;
  setTimer?: SetTimer;
  onThread?(event: ReplayThreadEvent): void;
}

/**
 * Replays in a worker thread: the fold and the flows run on another core while this thread keeps
 * acknowledging webhooks. In this thread a replay is one long chain of promises that never waits
 * on I/O (better-sqlite3 and the replay's in-memory store answer at once), so nothing else ran
 * until it ended: seconds, past Shopify's five-second webhook timeout on a large window. The
 * thread starts with a replay and stays for the next ones (its compiled code and memos make them
 * faster) until it has been idle for `idleMs`; then it ends and gives its memory back. One that
 * runs out of memory or fails is replaced at the next replay.
 */
export function threadReplayRunner(spec: ReplayThreadSpec, opts: ThreadRunnerOptions): ReplayRunner {
  const limitMb = opts.maxOldGenerationSizeMb ?? REPLAY_THREAD_HEAP_MB;
  const idleMs = opts.idleMs ?? REPLAY_THREAD_IDLE_MS;
  const setTimer = opts.setTimer ?? realTimer;
  let worker: Worker | null = null;
  let idle: { cancel(): void } | null = null;
  const pending = new PendingCalls<ReplayResult>();
  /** Why each thread that was asked to end did (one that ends unasked failed). */
  const ending = new WeakMap<Worker, "idle" | "closing">();

  const start = (): Worker => {
    const w = new Worker(opts.workerUrl, { workerData: spec, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    opts.onThread?.({ kind: "started" });
    // Idle, the thread does not keep the process alive; a replay in flight does (run() refs it).
    w.unref();
    w.on("message", (m: FromReplayThread) => {
      if (!pending.settle(m)) return;
      if (pending.size === 0 && worker === w) {
        w.unref();
        idle = setTimer(() => {
          idle = null;
          if (worker === w && pending.size === 0) void stop(w, "idle");
        }, idleMs);
      }
    });
    // A thread that was replaced (it was ending) has no replay left: only the current one fails them.
    w.on("error", (err: Error & { code?: string }) => {
      if (worker !== w) return;
      worker = null;
      pending.failAll(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ReplayOutOfMemoryError(limitMb) : err);
    });
    w.on("exit", (exitCode) => {
      opts.onThread?.({ kind: "ended", why: ending.get(w) ?? "failed", exitCode });
      if (worker !== w) return;
      worker = null;
      pending.failAll(new Error(`the replay thread stopped (exit code ${exitCode}) before it answered`));
    });
    return w;
  };

  /** Ends an idle thread: it closes its store (a PostgreSQL pool's connections) and exits; one that does not is stopped. */
  const stop = async (w: Worker, why: "idle" | "closing") => {
    if (worker === w) worker = null;
    ending.set(w, why);
    const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
    w.postMessage({ type: "close" } satisfies ToReplayThread);
    const timer = setTimeout(() => void w.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return {
    run(request) {
      idle?.cancel();
      idle = null;
      const w = (worker ??= start());
      w.ref();
      return pending.add((id) => w.postMessage({ type: "replay", id, request } satisfies ToReplayThread));
    },
    async close() {
      idle?.cancel();
      idle = null;
      const w = worker;
      if (!w) return;
      if (pending.size > 0) {
        // A replay sends nothing, so one in flight is dropped, not waited for: the server is closing.
        worker = null;
        ending.set(w, "closing");
        pending.failAll(new Error("the replay was stopped before it answered: the server is closing"));
        await w.terminate();
        return;
      }
      await stop(w, "closing");
    },
  };
}
