/**
 * Runs the background steps. Production runs two independent loops — folding (project new
 * events, fire due timers) and dispatching the outbox — so a slow vendor never holds up the
 * journeys, and a stream of webhooks never starves the outbox. Each loop runs again at once
 * while it finds work and sleeps `intervalMs` when idle; `wake()` cuts the sleep short.
 * Tests call `tick()` / `runUntilIdle()`, which run the same steps in one fixed order.
 */
export interface WorkerSteps {
  project(): Promise<number>;
  fireTimers(): Promise<number>;
  dispatch(): Promise<number>;
}

class Loop {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  #again = false;

  constructor(
    readonly name: string,
    private readonly step: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly onError: (step: string, err: unknown) => void,
  ) {}

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      let worked = false;
      this.#running = this.step()
        .then((n) => void (worked = n > 0))
        .catch((err) => this.onError(this.name, err))
        .finally(() => {
          this.#running = null;
          if (this.#stopped) return;
          const soon = worked || this.#again;
          this.#again = false;
          this.#schedule(soon ? 0 : this.intervalMs);
        });
    }, ms);
  }
}

export class Worker {
  readonly #steps: WorkerSteps;
  readonly #onError: (step: string, err: unknown) => void;
  readonly #fold: Loop;
  readonly #dispatch: Loop;

  constructor(steps: WorkerSteps, opts: { intervalMs?: number; onError?: (step: string, err: unknown) => void } = {}) {
    this.#steps = steps;
    this.#onError = opts.onError ?? (() => {});
    const interval = opts.intervalMs ?? 250;
    this.#fold = new Loop("fold", async () => (await steps.project()) + (await steps.fireTimers()), interval, this.#onError);
    this.#dispatch = new Loop("dispatch", steps.dispatch, interval, this.#onError);
  }

  /** One pass over every step, in order; returns how much work was done. */
  async tick(): Promise<number> {
    let work = 0;
    for (const [name, step] of [["project", this.#steps.project], ["timers", this.#steps.fireTimers], ["project", this.#steps.project], ["dispatch", this.#steps.dispatch]] as const) {
      try {
        work += await step();
      } catch (err) {
        this.#onError(name, err);
      }
    }
    return work;
  }

  /** Ticks until a pass does nothing (bounded, so a bug cannot spin forever). */
  async runUntilIdle(maxPasses = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxPasses; i++) {
      const n = await this.tick();
      total += n;
      if (n === 0) return total;
    }
    throw new Error(`worker still busy after ${maxPasses} passes`);
  }

  start(): void {
    this.#fold.start();
    this.#dispatch.start();
  }

  /** New events were stored: fold them soon rather than at the next interval. */
  wake(): void {
    this.#fold.wake();
  }

  /** New outbox work may be due (a fold enqueued actions, or an operator retried one). */
  wakeDispatch(): void {
    this.#dispatch.wake();
  }

  async stop(): Promise<void> {
    await Promise.all([this.#fold.stop(), this.#dispatch.stop()]);
  }
}
