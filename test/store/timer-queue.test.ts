import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimerQueue } from "../../src/store/memory/timer-queue.js";
import type { Timer } from "../../src/core/decision.js";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 0, minute)).toISOString();
const key = (t: Pick<Timer, "shop" | "orderId" | "name">) => `${t.shop}|${t.orderId}|${t.name}`;

/** What `due` must answer, worked out from a plain map of the armed timers: the SQL store's order. */
function expectedDue(armed: Map<string, Timer>, now: string, limit: number): Timer[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...armed.values()]
    .filter((t) => t.dueAt <= now)
    .sort((a, b) => cmp(a.dueAt, b.dueAt) || cmp(a.shop, b.shop) || cmp(a.orderId, b.orderId) || cmp(a.name, b.name))
    .slice(0, limit);
}

const timerArb = fc.record({
  shop: fc.constantFrom("a.myshopify.com", "b.myshopify.com"),
  orderId: fc.constantFrom("1", "2", "3"),
  name: fc.constantFrom("silence", "flow:run-1:wait", "flow:run-2:wait", "promise"),
  dueAt: fc.integer({ min: 0, max: 600 }).map(at),
});

const opArb = fc.oneof(
  { weight: 6, arbitrary: timerArb.map((t) => ({ op: "set" as const, t })) },
  { weight: 2, arbitrary: timerArb.map((t) => ({ op: "clear" as const, t })) },
  { weight: 2, arbitrary: timerArb.map((t) => ({ op: "deleteIf" as const, t })) },
  { weight: 1, arbitrary: fc.constant({ op: "retainFlows" as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("due" as const), now: fc.integer({ min: 0, max: 600 }).map(at), limit: fc.integer({ min: 1, max: 20 }) }) },
);

describe("the memory store's timer queue", () => {
  it("answers `due` as a sorted scan of the armed timers would, whatever was re-armed, cleared or rebuilt", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const queue = new TimerQueue();
        const armed = new Map<string, Timer>();
        for (const o of ops) {
          if (o.op === "set") {
            queue.set(o.t);
            armed.set(key(o.t), o.t);
          } else if (o.op === "clear") {
            queue.clear(o.t);
            armed.delete(key(o.t));
          } else if (o.op === "deleteIf") {
            queue.deleteIf(o.t);
            if (armed.get(key(o.t))?.dueAt === o.t.dueAt) armed.delete(key(o.t));
          } else if (o.op === "retainFlows") {
            queue.retain((t) => t.name.startsWith("flow:"));
            for (const [k, t] of armed) if (!t.name.startsWith("flow:")) armed.delete(k);
          } else {
            expect(queue.due(o.now, o.limit)).toEqual(expectedDue(armed, o.now, o.limit));
          }
        }
        expect(queue.due(at(601), 1_000)).toEqual(expectedDue(armed, at(601), 1_000));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps its heap near the armed timers' count when a timer is re-armed later and later, and still answers in order", () => {
    const queue = new TimerQueue();
    // Armed latest first, so the order they are held in is not the order they come due in.
    const others = Array.from({ length: 20 }, (_, i) => ({ shop: "a.myshopify.com", orderId: String(100 + i), name: "promise", dueAt: at(500 - i) }));
    for (const o of others) queue.set(o);
    const t = { shop: "a.myshopify.com", orderId: "1", name: "silence" };
    for (let minute = 1; minute <= 10_000; minute++) queue.set({ ...t, dueAt: at(minute) });
    // 21 armed timers: without the rebuild every one of the 10,000 moves would still hold an entry.
    expect(queue.entries).toBeLessThanOrEqual(2 * 21 + 64 + 1);
    expect(queue.due(at(10_000), 100)).toEqual(expectedDue(new Map([...others, { ...t, dueAt: at(10_000) }].map((x) => [key(x), x])), at(10_000), 100));
  });

  it("counts a cleared or retained-away timer as no longer armed", () => {
    const queue = new TimerQueue();
    for (let i = 0; i < 100; i++) queue.set({ shop: "a.myshopify.com", orderId: String(i), name: "silence", dueAt: at(i) });
    for (let i = 0; i < 100; i++) queue.clear({ shop: "a.myshopify.com", orderId: String(i), name: "silence" });
    // One armed timer re-armed often: the cleared hundred must not count toward the rebuild's threshold.
    for (let minute = 1; minute <= 500; minute++) queue.set({ shop: "a.myshopify.com", orderId: "x", name: "silence", dueAt: at(minute) });
    expect(queue.entries).toBeLessThanOrEqual(2 * 1 + 64 + 1);
  });
});
