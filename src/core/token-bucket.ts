/**
 * A token bucket over an explicit clock: `capacity` tokens, refilled continuously at
 * `refillPerSecond`. Pure state plus the time passed in, so tests step time instead of sleeping.
 */
export class TokenBucket {
  #tokens: number;
  #at: number | null = null;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {
    if (!(capacity >= 1) || !(refillPerSecond > 0)) throw new Error(`a token bucket needs capacity >= 1 and a positive refill (got ${capacity}, ${refillPerSecond})`);
    this.#tokens = capacity;
  }

  /** Milliseconds until a token is available at `now` (0 when one is). Takes nothing. */
  waitMs(now: Date): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.refillPerSecond) * 1000);
  }

  take(now: Date): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  #refill(now: Date): void {
    const t = now.getTime();
    // A clock that steps backwards (a fake one, or NTP) must not mint tokens.
    if (this.#at !== null && t > this.#at) this.#tokens = Math.min(this.capacity, this.#tokens + ((t - this.#at) / 1000) * this.refillPerSecond);
    this.#at = this.#at === null ? t : Math.max(this.#at, t);
  }
}

/** Several limits at once (a burst and a steady window): a slot is taken from all or from none. */
export function reserveAll(buckets: readonly TokenBucket[], now: Date): number {
  const wait = Math.max(0, ...buckets.map((b) => b.waitMs(now)));
  if (wait === 0) for (const b of buckets) b.take(now);
  return wait;
}
