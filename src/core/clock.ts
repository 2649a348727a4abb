/** Time is a dependency: everything that needs "now" receives a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests (and the demo's compressed time) move by hand. */
export class FakeClock implements Clock {
  #ms: number;
  constructor(start: Date | string | number) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(to: Date | string | number): void {
    this.#ms = new Date(to).getTime();
  }
  advance(ms: number): Date {
    this.#ms += ms;
    return this.now();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A clock that runs `factor` times faster than real time from `start` — the demo compresses
 * days of carrier movement into minutes with it.
 */
export class ScaledClock implements Clock {
  readonly #start: number;
  readonly #realStart: number;
  readonly #factor: number;
  readonly #real: () => number;
  constructor(start: Date | string | number, factor: number, real: () => number = Date.now) {
    this.#start = new Date(start).getTime();
    this.#factor = factor;
    this.#real = real;
    this.#realStart = real();
  }
  now(): Date {
    return new Date(this.#start + (this.#real() - this.#realStart) * this.#factor);
  }
  get factor(): number {
    return this.#factor;
  }
}
