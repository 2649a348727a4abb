import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { benchEvents } from "../../../src/bench/bench-events.js";
import { deliveryOf } from "../../../src/flows/replay/simulate.js";
import { replay, type ReplayResult } from "../../../src/flows/replay/replay.js";
import type { ReplayHelper } from "../../../src/flows/replay/lanes.js";
import { replayChunk } from "../../../src/flows/replay/chunk.js";
import { openSqliteStore, type SqliteStore } from "../../../src/store/sqlite/open.js";
import type { Store } from "../../../src/store/port.js";
import type { FlowEngine } from "../../../src/flows/engine/orchestrate.js";
import { removeTempFolders, tempFolder } from "../../helpers/temp-files.js";
import { engineFor, flowsDir } from "./history.js";
import { lateWorker, worker, workerDeps } from "./late-worker.js";

/**
 * A replay of a running shop: while it compares, the live worker (on its own connection, as the
 * server's is to the replay thread's) stores and folds events that arrived after the replay read
 * its window, events whose source times fall inside the window. Reality as the replay first read
 * it decided nothing on them; reality read live has runs, actions and decisions for them.
 */

const all = benchEvents(3000);
// Held back: every seventh event of the last third, delivered late (a webhook retried, a carrier's batch), so their source times are inside what the replay compares.
const late = (i: number) => i >= 2000 && i % 7 === 0;
const held = all.filter((_, i) => late(i));
const stored = all.filter((_, i) => !late(i));
const from = all[0]!.occurredAt;
const to = all.at(-1)!.occurredAt;
/** How far the stored events' clock reached: the replay's horizon, and where the worker caught up to. */
const end = new Date(Math.max(...stored.map((e) => Math.max(Date.parse(e.occurredAt), Date.parse(e.receivedAt))))).toISOString();
const flows = engineFor(flowsDir({}));
/** Reality as the worker left it, before the held events arrive; each test races on a copy. */
let base: string;

beforeAll(async () => {
  base = join(tempFolder({}, "firebreak-snapshot-"), "firebreak.db");
  const store = await openSqliteStore({ file: base });
  try {
    await lateWorker(store, flows, stored, { lag: 10, step: 40, end });
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => removeTempFolders());

/** A second connection to the same file: the live worker, storing and folding the held events. */
async function liveWorkerMeanwhile(file: string): Promise<void> {
  const live = await openSqliteStore({ file });
  try {
    for (const e of held) await live.append([deliveryOf(e)]);
    await worker(live, flows, 200, "late-timer").catchUp(to);
  } finally {
    await live.close();
  }
}

/**
 * The source as the replay sees it, with the live worker run once, to its end, just before the
 * replay's first read of reality (after it read its window): the one moment that shows the race.
 * `snapshot: false` hands the replay the store itself, read live, as before views were taken.
 */
function racing(source: SqliteStore, snapshot: boolean, runsReadInView: Set<string> = new Set()): Store {
  const file = source.path;
  let ran = false;
  const meddle = (view: Store): Store =>
    new Proxy(view, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop);
        if (typeof v !== "function") return v;
        if (prop === "getRuns")
          return (ids: string[]) => {
            for (const id of ids) runsReadInView.add(id);
            return target.getRuns(ids);
          };
        if (prop !== "outcomesForOrders") return (v as (...a: unknown[]) => unknown).bind(target);
        return async (...args: Parameters<Store["outcomesForOrders"]>) => {
          if (!ran) {
            ran = true;
            await liveWorkerMeanwhile(file);
          }
          return target.outcomesForOrders(...args);
        };
      },
    });
  return new Proxy(source, {
    get(target, prop) {
      if (prop === "readSnapshot") return snapshot ? <T>(read: (view: Store) => Promise<T>) => target.readSnapshot((view) => read(meddle(view))) : <T>(read: (view: Store) => Promise<T>) => read(meddle(target));
      const v: unknown = Reflect.get(target, prop);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** A helper as the CLI's threads are (replay-helper-worker.ts): replayChunk with no store, counting its chunks. */
function storelessHelper(engine: FlowEngine): ReplayHelper & { chunks: number } {
  const helper = {
    chunks: 0,
    run: (request: Parameters<ReplayHelper["run"]>[0]) => {
      helper.chunks++;
      return replayChunk(request, { decide: { ...workerDeps, flows: engine, decide: true }, elapsed: () => 0 });
    },
  };
  return helper;
}

/** The built-in profile flow, changed: only a delivery updates the profile. */
const deliveredOnlyProfile = `
id: delivery-profile
version: 2
description: Only a delivery sets last_delivery_status on the customer's Klaviyo profile.
trigger:
  events: [shipment.status_changed]
conditions:
  - 'customer.email != null'
  - 'shipment.tag == "Delivered"'
steps:
  - id: profile
    action: customer.profile
    idempotency_key: 'delivery-profile:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ shipment.tag }}'
    input:
      properties:
        last_delivery_status: '{{ shipment.tag }}'
`;

const differences = (r: ReplayResult) => r.summary.added + r.summary.removed + r.summary.changed;

/** A replay of a copy of `base`, raced as `racing` says; the copy's file is returned for a look after. */
/** A store on a copy of `base`, so each test starts from reality as the worker left it. */
async function copyOfBase(): Promise<SqliteStore> {
  const file = join(tempFolder({}, "firebreak-snapshot-"), "firebreak.db");
  const original = await openSqliteStore({ file: base });
  await original.raw.backup(file);
  await original.close();
  return openSqliteStore({ file });
}

async function raced(snapshot: boolean, helpers: ReplayHelper[] = [], over: { engine?: FlowEngine; runsReadInView?: Set<string> } = {}): Promise<{ r: ReplayResult; file: string }> {
  const source = await copyOfBase();
  const file = source.path;
  try {
    const r = await replay({ source: racing(source, snapshot, over.runsReadInView), from, to, engine: over.engine ?? flows, ...workerDeps, helpers, chunkEvents: 200 });
    return { r, file };
  } finally {
    await source.close();
  }
}

describe("a replay while the live worker folds new events", () => {
  it("compares with reality as it stood when the window was read: no difference", async () => {
    const { r, file } = await raced(true);
    expect(r.eventsReplayed).toBeGreaterThan(2000);
    expect(r.eventsReplayed).toBeLessThan(all.length); // not the held events
    expect(r.summary.unchanged).toBeGreaterThan(500);
    expect(differences(r)).toBe(0);
    // The worker did run: the file holds the held events, folded, and what they decided.
    const after = await openSqliteStore({ file });
    try {
      expect(after.raw.prepare("select count(*) from events where projected = 0").pluck().get()).toBe(0);
      expect(after.raw.prepare("select count(*) from events").pluck().get() as number).toBeGreaterThanOrEqual(all.length);
    } finally {
      await after.close();
    }
  });

  it("read live instead, reality holds what the worker decided on events the replay never read", async () => {
    const { r } = await raced(false);
    expect(r.summary.removed + r.summary.changed).toBeGreaterThan(0);
  });

  it("a helper thread, which has no store, is handed reality as the view read it", async () => {
    const helper = storelessHelper(flows);
    const { r } = await raced(true, [helper]);
    expect(helper.chunks).toBeGreaterThan(1);
    expect(r.summary.unchanged).toBeGreaterThan(500);
    expect(differences(r)).toBe(0);
  });

  it("what differs is explained from reality's runs read in the view, whichever thread compared it", async () => {
    const engine = engineFor(flowsDir({ "delivery-profile.yaml": deliveredOnlyProfile }));
    const source = await copyOfBase();
    let alone: ReplayResult;
    try {
      alone = await replay({ source, from, to, engine, ...workerDeps });
    } finally {
      await source.close();
    }
    const helper = storelessHelper(engine);
    const runsReadInView = new Set<string>();
    const { r } = await raced(true, [helper], { engine, runsReadInView });
    expect(helper.chunks).toBeGreaterThan(1);
    // Reality's delivery-profile runs ran on every status; now most are skipped: what reality checked is read whole.
    const changedRuns = r.diff.changed.filter((e) => e.kind === "run");
    expect(changedRuns.length).toBeGreaterThan(50);
    for (const e of changedRuns) {
      expect(e.was).toMatch(/^the customer can be reached: customer\.email is "/); // reality's run, which had only that condition
      expect(runsReadInView.has(e.key)).toBe(true);
    }
    expect(r.diff).toEqual(alone.diff);
  });

  it("events stored but not folded yet are left out and counted: reality has decided nothing on them", async () => {
    const source = await copyOfBase();
    try {
      // The webhooks are acknowledged and stored; the worker has not reached them.
      for (const e of held) await source.append([deliveryOf(e)]);
      const r = await replay({ source, from, to, engine: flows, ...workerDeps });
      expect(r.folded.notYet).toBe(held.length);
      expect(r.summary.unchanged).toBeGreaterThan(500);
      expect(differences(r)).toBe(0);
    } finally {
      await source.close();
    }
  });
});
