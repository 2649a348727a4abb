/**
 * Runs the background steps — fold new events, fire due timers, dispatch the outbox — one at a
 * time, so they never race each other inside one process. `runUntilIdle()` is what tests call
 * (with a fake clock); `start()` is the production loop.
 */
export interface WorkerSteps {
  project(): Promise<number>;
  fireTimers(): Promise<number>;
  dispatch(): Promise<number>;
}

export class Worker {
  readonly #steps: WorkerSteps;
  readonly #intervalMs: number;
  readonly #onError: (step: string, err: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  #wakeRequested = false;

  constructor(steps: WorkerSteps, opts: { intervalMs?: number; onError?: (step: string, err: unknown) => void } = {}) {
    this.#steps = steps;
    this.#intervalMs = opts.intervalMs ?? 250;
    this.#onError = opts.onError ?? (() => {});
  }

  /** One pass over every step; returns how much work was done. */
  async tick(): Promise<number> {
    let work = 0;
    for (const [name, step] of [["project", () => this.#drain(this.#steps.project)], ["timers", this.#steps.fireTimers], ["project", () => this.#drain(this.#steps.project)], ["dispatch", this.#steps.dispatch]] as const) {
      try {
        work += await step();
      } catch (err) {
        this.#onError(name, err);
      }
    }
    return work;
  }

  /** Ticks until a pass does nothing (bounded, so a bug cannot spin forever). */
  async runUntilIdle(maxPasses = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxPasses; i++) {
      const n = await this.tick();
      total += n;
      if (n === 0) return total;
    }
    throw new Error(`worker still busy after ${maxPasses} passes`);
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** New work arrived (a webhook was stored): run soon rather than at the next interval. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#wakeRequested = true;
      return;
    }
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #drain(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let n = await step(); n > 0; n = await step()) total += n;
    return total;
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.tick()
        .then(() => undefined)
        .finally(() => {
          this.#running = null;
          if (this.#stopped) return;
          const again = this.#wakeRequested;
          this.#wakeRequested = false;
          this.#schedule(again ? 0 : this.#intervalMs);
        });
    }, ms);
  }
}
