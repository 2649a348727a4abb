import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchEvents } from "../../../src/bench/bench-events.js";
import { copyHistory } from "../../../src/bench/copy-history.js";
import { simulate } from "../../../src/flows/replay/simulate.js";
import { replay, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { ticketOf } from "../../../src/core/ticket-of.js";
import { MemoryStore } from "../../../src/store/memory/memory-store.js";
import { openSqliteStore, type SqliteStore } from "../../../src/store/sqlite/open.js";
import { removeTempFolders } from "../../helpers/temp-files.js";
import { engineFor, flowsDir } from "./history.js";
import { exampleFiles, ticketFlow, withConversations } from "./ticket-history.js";
import { workerDeps } from "./late-worker.js";

/**
 * A window that starts in the middle of the history, through unchanged flows, must find nothing:
 * its orders start from their earlier events, their customers' other orders are seeds, and a
 * conversation that began before the window starts from its earlier messages and triage, with
 * the orders reality linked it to. A shop with helpdesk conversations that run for days
 * (ticket-history.ts), every built-in flow and the example flows; read from SQLite.
 */

const events = withConversations(benchEvents(4000));
const start = Date.parse(events[0]!.occurredAt);
const end = Date.parse(events.at(-1)!.occurredAt);
const to = events.at(-1)!.occurredAt;
const flows = engineFor(flowsDir({ ...exampleFiles, "ticket.yaml": ticketFlow(2) }));
let source: SqliteStore;

beforeAll(async () => {
  const built = new MemoryStore();
  await simulate({ store: built, events, horizon: to, deps: { ...workerDeps, flows, decide: true } });
  source = await openSqliteStore({ memory: true });
  await copyHistory(built, source);
}, 120_000);
afterAll(async () => {
  await source.close();
  removeTempFolders();
});

const differences = (r: ReplayResult) => [...r.diff.added, ...r.diff.removed, ...r.diff.changed];

/** Tickets with events on both sides of `from`: what a window from there must pick up before it. */
function ticketsAcross(from: string): number {
  const sides = new Map<string, Set<boolean>>();
  for (const e of events) {
    const t = ticketOf(e.payload);
    if (t === null) continue;
    const k = `${t.helpdesk}:${t.ticketId}`;
    (sides.get(k) ?? sides.set(k, new Set()).get(k)!).add(e.occurredAt < from);
  }
  return [...sides.values()].filter((s) => s.size === 2).length;
}

describe("a window that starts mid-history, through the same flows", () => {
  for (const share of [0.3, 0.5, 0.7, 0.9]) {
    it(`from ${share * 100}% of the span: no difference, conversations begun before it included`, async () => {
      const from = new Date(start + (end - start) * share).toISOString();
      expect(ticketsAcross(from)).toBeGreaterThan(5);
      const r = await replay({ source, from, to, engine: flows, ...workerDeps });
      expect(r.summary.byKind.run.unchanged).toBeGreaterThan(50);
      expect(differences(r)).toEqual([]);
    });
  }

  it("compares every ticket flow's run of the window, those about an order with no event of its own in it too", async () => {
    const from = new Date(start + (end - start) * 0.7).toISOString();
    const r = await replay({ source, from, to, engine: flows, ...workerDeps, flowId: "ticket-draft" });
    const horizon = r.window.horizon!;
    const reality = (await source.listRuns({ flowId: "ticket-draft", limit: 100_000 })).filter((run) => run.orderId !== null && run.startedAt >= from && run.startedAt <= horizon);
    const busy = new Set(events.filter((e) => e.occurredAt >= from && e.orderKey !== null).map((e) => e.orderKey));
    expect(reality.filter((run) => !busy.has(run.orderId)).length).toBeGreaterThan(3);
    expect(r.summary.byKind.run.unchanged).toBe(reality.length);
    expect(differences(r)).toEqual([]);
  });
});
