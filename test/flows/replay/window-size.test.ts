import { describe, expect, it } from "vitest";
import { checkWindowSize } from "../../../src/flows/replay/window-size.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import type { Store } from "../../../src/store/port.js";
import { delivery } from "../../store/builders.js";

const at = (day: string) => `2026-11-${day}T00:00:00.000Z`;
const window = { from: at("01"), to: at("30") };

/** Ten events the replay takes and two timer firings (the clock's, which it fires itself), with the counts it asks for recorded. */
async function store(): Promise<{ store: Store; asked: Array<string | undefined> }> {
  const s = new MemoryStore();
  await s.append([
    ...Array.from({ length: 10 }, (_, i) => delivery({ orderKey: `o${i}`, occurredAt: at(String(10 + i)) })),
    delivery({ orderKey: "o1", source: "clock", occurredAt: at("21") }),
    delivery({ orderKey: "o2", source: "clock", occurredAt: at("22") }),
  ]);
  const asked: Array<string | undefined> = [];
  const count = s.countEventsBySourceTime.bind(s);
  s.countEventsBySourceTime = (from, to, except) => {
    asked.push(except);
    return count(from, to, except);
  };
  return { store: s, asked };
}

describe("checkWindowSize", () => {
  it("passes a window whose every event fits on the cheap count alone", async () => {
    const { store: s, asked } = await store();
    expect(await checkWindowSize(s, window, 12)).toEqual({ ok: true, atMost: 12 });
    expect(asked).toEqual([undefined]);
  });

  it("leaves the clock's firings out before refusing: ten events the replay takes fit a limit of ten", async () => {
    const { store: s, asked } = await store();
    expect(await checkWindowSize(s, window, 10)).toEqual({ ok: true, atMost: 10 });
    expect(asked).toEqual([undefined, "clock"]);
  });

  it("refuses a window over the limit without the firings, counting what the replay would take", async () => {
    const { store: s } = await store();
    const r = await checkWindowSize(s, window, 9);
    expect(r).toMatchObject({ ok: false, code: "REPLAY_WINDOW_TOO_LARGE", events: 10 });
    if (!r.ok) expect(r.message).toMatch(/holds 10 events, more than the 9 one replay takes/);
  });
});
