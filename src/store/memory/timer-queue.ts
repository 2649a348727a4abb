import type { Timer } from "../../core/decision.js";

/**
 * The armed timers of the in-memory store: a map by (shop, order, name) for the truth, and a
 * binary min-heap in the order `dueTimers` answers (due_at, shop, order_id, name) so that a replay
 * asking "what is due?" before every arrival does not sort every timer each time. Heap entries
 * are not removed when a timer is re-armed or deleted; a stale one is dropped when it surfaces.
 */
export class TimerQueue {
  readonly #live = new Map<string, Timer>();
  readonly #heap: Timer[] = [];

  static key(t: Pick<Timer, "shop" | "orderId" | "name">): string {
    return `${t.shop}\0${t.orderId}\0${t.name}`;
  }

  set(timer: Timer): void {
    const key = TimerQueue.key(timer);
    const live = this.#live.get(key);
    this.#live.set(key, { shop: timer.shop, orderId: timer.orderId, name: timer.name, dueAt: timer.dueAt });
    // The projector re-arms the same timers on every fold; an unchanged one needs no new entry.
    if (live?.dueAt !== timer.dueAt) this.#push(this.#live.get(key)!);
  }

  clear(t: Pick<Timer, "shop" | "orderId" | "name">): void {
    this.#live.delete(TimerQueue.key(t));
  }

  /** Deletes the timer only if it is still armed for the same instant. */
  deleteIf(timer: Timer): void {
    const key = TimerQueue.key(timer);
    if (this.#live.get(key)?.dueAt === timer.dueAt) this.#live.delete(key);
  }

  /** Keeps only the timers `keep` accepts (the heap drops the rest lazily). */
  retain(keep: (t: Timer) => boolean): void {
    for (const [key, t] of this.#live) if (!keep(t)) this.#live.delete(key);
  }

  /** Timers with dueAt <= now, oldest first, without disarming them. */
  due(now: string, limit: number): Timer[] {
    const out: Timer[] = [];
    const taken: Timer[] = [];
    const seen = new Set<string>();
    while (out.length < limit && this.#heap.length > 0) {
      const top = this.#heap[0]!;
      if (top.dueAt > now) break;
      this.#pop();
      const key = TimerQueue.key(top);
      const live = this.#live.get(key);
      if (live === undefined || live.dueAt !== top.dueAt || seen.has(key)) continue; // stale or a duplicate entry
      seen.add(key);
      taken.push(top);
      out.push({ shop: live.shop, orderId: live.orderId, name: live.name, dueAt: live.dueAt });
    }
    for (const t of taken) this.#push(t);
    return out;
  }

  #push(t: Timer): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(h[parent]!, h[i]!)) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}

/** The order of `dueTimers` in the SQL store: due_at, shop, order_id, name (string comparison). */
function before(a: Timer, b: Timer): boolean {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt;
  if (a.shop !== b.shop) return a.shop < b.shop;
  if (a.orderId !== b.orderId) return a.orderId < b.orderId;
  return a.name <= b.name;
}
