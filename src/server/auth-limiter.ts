import type { Clock } from "../core/clock.js";

export interface AuthLimiterOptions {
  /** Failed attempts a source may make within the window before it is refused. */
  maxFailures: number;
  windowMs: number;
  clock: Clock;
  /** Sources tracked at most; the oldest is forgotten first, so a flood of addresses cannot exhaust memory. */
  maxSources?: number;
}

/**
 * A sliding window of failed authentications per source (the client address). While a source is
 * over the limit every attempt from it is refused unchecked — checking and answering 200 on a hit
 * would let a guesser go on guessing — and `blockedFor` says for how long.
 */
export class AuthFailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #maxSources: number;
  constructor(private readonly opts: AuthLimiterOptions) {
    this.#maxSources = opts.maxSources ?? 10_000;
  }

  /** Seconds until the source may try again, or 0 when it is not blocked. */
  blockedFor(source: string): number {
    const times = this.#recent(source);
    if (times.length < this.opts.maxFailures) return 0;
    const freeAt = times[times.length - this.opts.maxFailures]! + this.opts.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.opts.clock.now().getTime()) / 1000));
  }

  recordFailure(source: string): void {
    const times = this.#recent(source);
    times.push(this.opts.clock.now().getTime());
    this.#failures.delete(source); // re-insert: Map order is then least recently failed first
    this.#failures.set(source, times);
    if (this.#failures.size > this.#maxSources) this.#failures.delete(this.#failures.keys().next().value!);
  }

  #recent(source: string): number[] {
    const since = this.opts.clock.now().getTime() - this.opts.windowMs;
    const times = (this.#failures.get(source) ?? []).filter((t) => t > since);
    if (times.length === 0) this.#failures.delete(source);
    else this.#failures.set(source, times);
    return times;
  }
}
