import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * What the replay thread and the replay helper threads share on both sides of a message port:
 * an error as plain data, an answer to a numbered request, and the requests still waiting for one.
 */

/** An error as it crosses a thread: its name and message (a thread shares no objects). */
export interface WireError {
  name: string;
  message: string;
}

/** The answer to request `id`. */
export type ThreadAnswer<T> = { id: number; ok: true; result: T } | { id: number; ok: false; error: WireError };

export function errorToWire(err: unknown): WireError {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };
}

/** The replay's own errors keep their kind across the thread: a RangeError is a refused window. */
export function errorFromWire(e: WireError): Error {
  return e.name === "RangeError" ? new RangeError(e.message) : new Error(e.message);
}

/** A worker entry compiled beside `base` (this folder's module URL); null when running from the TypeScript sources (the tests), which have none. */
export function compiledBeside(file: string, base: string): URL | null {
  const url = new URL(file, base);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** Requests sent to a thread and not answered yet, by number. */
export class PendingCalls<T> {
  #seq = 0;
  readonly #pending = new Map<number, { resolve(r: T): void; reject(e: Error): void }>();

  get size(): number {
    return this.#pending.size;
  }

  /** Numbers a request, sends it with `send`, and resolves with its answer. */
  add(send: (id: number) => void): Promise<T> {
    const id = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      send(id);
    });
  }

  /** Settles the request an answer is for; false for an answer to none (one already failed). */
  settle(answer: ThreadAnswer<T>): boolean {
    const p = this.#pending.get(answer.id);
    if (!p) return false;
    this.#pending.delete(answer.id);
    if (answer.ok) p.resolve(answer.result);
    else p.reject(errorFromWire(answer.error));
    return true;
  }

  failAll(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
