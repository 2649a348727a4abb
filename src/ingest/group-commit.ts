import type { AppendResult, Delivery, Store } from "../store/port.js";

/**
 * Group commit: deliveries that arrive while a write is in progress are appended together in
 * the next transaction. Each caller still waits for its own durable commit before it is
 * acknowledged; batching only shares the fsync.
 */
export class GroupCommitAppender {
  #queue: Array<{ delivery: Delivery; resolve: (r: AppendResult) => void; reject: (e: unknown) => void }> = [];
  #writing = false;
  #scheduled = false;
  readonly #store: Store;
  readonly #maxBatch: number;
  readonly #onStored: (() => void) | undefined;

  constructor(store: Store, opts: { maxBatch?: number; onStored?: () => void } = {}) {
    this.#store = store;
    this.#maxBatch = opts.maxBatch ?? 256;
    this.#onStored = opts.onStored;
  }

  /** Commits and deliveries so far: deliveries ÷ batches is the average group size. */
  readonly stats = { batches: 0, deliveries: 0 };

  append(delivery: Delivery): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ delivery, resolve, reject });
      this.#schedule();
    });
  }

  get pending(): number {
    return this.#queue.length;
  }

  #schedule(): void {
    if (this.#writing || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets every request already parsed in this turn of the loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#writing || this.#queue.length === 0) return;
    this.#writing = true;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.stats.batches++;
    this.stats.deliveries += batch.length;
    try {
      const results = await this.#store.append(batch.map((b) => b.delivery));
      batch.forEach((b, i) => b.resolve(results[i]!));
      if (results.some((r) => r.status === "stored")) this.#onStored?.();
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.#writing = false;
      if (this.#queue.length) this.#schedule();
    }
  }
}
