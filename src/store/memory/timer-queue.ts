import { newMap, ShopMap } from "./shop-map.js";
import type { Timer } from "../../core/decision.js";

/**
 * The armed timers of the in-memory store: a map by (shop, order, name) for the truth, and a
 * binary min-heap in the order `dueTimers` answers (due_at, shop, order_id, name) so that a replay
 * asking "what is due?" before every arrival does not sort every timer each time. Heap entries
 * are not removed when a timer is re-armed or deleted; a stale one is dropped when it surfaces,
 * and the heap is rebuilt from the armed timers once stale entries outnumber them: a timer
 * re-armed later and later (a silence deadline that moves with every scan) would otherwise leave
 * an entry per move until each one's old due time came.
 */
export class TimerQueue {
  /** By (shop, order), then by name. */
  readonly #live = new ShopMap<Map<string, Timer>>();
  #heap: Timer[] = [];
  /** Armed timers: the heap is rebuilt when it holds more than twice as many entries (and a few). */
  #armed = 0;

  #get(t: Pick<Timer, "shop" | "orderId" | "name">): Timer | undefined {
    return this.#live.get(t.shop, t.orderId)?.get(t.name);
  }

  set(timer: Timer): void {
    const ofOrder = this.#live.upsert(timer.shop, timer.orderId, newMap);
    const live = ofOrder.get(timer.name);
    const armed = { shop: timer.shop, orderId: timer.orderId, name: timer.name, dueAt: timer.dueAt };
    ofOrder.set(timer.name, armed);
    if (live === undefined) this.#armed++;
    // The projector re-arms the same timers on every fold; an unchanged one needs no new entry.
    if (live?.dueAt === timer.dueAt) return;
    this.#push(armed);
    if (this.#heap.length > 2 * this.#armed + COMPACT_SLACK) this.#rebuild();
  }

  clear(t: Pick<Timer, "shop" | "orderId" | "name">): void {
    if (this.#live.get(t.shop, t.orderId)?.delete(t.name)) this.#armed--;
  }

  /** Deletes the timer only if it is still armed for the same instant. */
  deleteIf(timer: Timer): void {
    if (this.#get(timer)?.dueAt === timer.dueAt) this.clear(timer);
  }

  /** Keeps only the timers `keep` accepts (the heap drops the rest lazily). */
  retain(keep: (t: Timer) => boolean): void {
    for (const ofOrder of this.#live.values()) {
      for (const [name, t] of ofOrder) {
        if (keep(t)) continue;
        ofOrder.delete(name);
        this.#armed--;
      }
    }
  }

  /** Entries the heap holds, stale ones included (at most about twice the armed timers). */
  get entries(): number {
    return this.#heap.length;
  }

  /** The heap again from the armed timers only: sorted, an array is a valid min-heap. */
  #rebuild(): void {
    const armed: Timer[] = [];
    for (const ofOrder of this.#live.values()) for (const t of ofOrder.values()) armed.push(t);
    this.#heap = armed.sort((a, b) => (before(a, b) ? -1 : 1));
  }

  /** Timers with dueAt <= now, oldest first, without disarming them. */
  due(now: string, limit: number): Timer[] {
    // Asked before every arrival of a replay, and mostly nothing is due.
    const top = this.#heap[0];
    if (top === undefined || top.dueAt > now) return [];
    const out: Timer[] = [];
    const taken: Timer[] = [];
    const seen = new Set<Timer>();
    while (out.length < limit && this.#heap.length > 0) {
      const top = this.#heap[0]!;
      if (top.dueAt > now) break;
      this.#pop();
      const live = this.#get(top);
      if (live === undefined || live.dueAt !== top.dueAt || seen.has(live)) continue; // stale or a duplicate entry
      seen.add(live);
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

/** Stale entries tolerated beyond the armed timers' count before a rebuild (so a small queue is not rebuilt at every re-arm). */
const COMPACT_SLACK = 64;

/** The order of `dueTimers` in the SQL store: due_at, shop, order_id, name (string comparison). */
function before(a: Timer, b: Timer): boolean {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt;
  if (a.shop !== b.shop) return a.shop < b.shop;
  if (a.orderId !== b.orderId) return a.orderId < b.orderId;
  return a.name <= b.name;
}
