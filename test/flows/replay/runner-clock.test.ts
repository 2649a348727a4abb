import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedPayload } from "../../../src/core/normalized.js";
import { replay } from "../../../src/flows/replay/replay.js";
import { fireDueTimers, TIMERS_PER_CALL } from "../../../src/flows/timer-runner.js";
import { runnerTicks } from "../../../src/flows/replay/runner-ticks.js";
import type { StoredEvent } from "../../../src/core/event.js";
import { projectBatch } from "../../../src/ingest/projector.js";
import type { Delivery } from "../../../src/store/port.js";
import { openSqliteStore, type SqliteStore } from "../../../src/store/sqlite/open.js";
import { removeTempFolders } from "../../helpers/temp-files.js";
import { orderPayload } from "../../store/builders.js";
import { engineFor, flowsDir } from "./history.js";
import { workerDeps } from "./late-worker.js";

/**
 * The live runner fires due timers between projection steps, at the clock it reads then. A worker
 * behind the log folds, in one step, a scan that arrived after a timer's due time but before the
 * runner looked again: the scan moves the timer and nothing fires. Events stored before a step do
 * not show the runner ran; its firings do. The replay must not fire that timer before the step.
 */

const SHOP = "runner-clock.myshopify.com";
const flows = engineFor(flowsDir({}));
let store: SqliteStore;
let n = 0;

function arrival(payload: NormalizedPayload, occurredAt: string, receivedAt: string, keys: { orderKey?: string; trackingKey?: string }): Delivery {
  const id = `evt-${++n}`;
  const source = payload.kind === "tracking.updated" ? "easypost" : "shopify";
  const topic = payload.kind === "tracking.updated" ? "tracker.updated" : payload.kind === "fulfillment.upserted" ? "fulfillments/create" : "orders/create";
  return {
    eventId: id,
    receivedAt,
    event: { shop: SHOP, source, topic, occurredAt, deliveryId: id, orderKey: keys.orderKey ?? null, trackingKey: keys.trackingKey ?? null, payload },
    raw: { id, shop: SHOP, source, topic, receivedAt, headers: {}, body: Buffer.from("{}") },
  };
}

/** An order shipped with one tracking number and its first in-transit scan, each arriving as it happened. */
function shipped(orderId: string, name: string, tracking: string, at: number): Delivery[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(at);
  const fulfilled = iso(at + 2 * 3_600_000);
  return [
    arrival(orderPayload(orderId, { name, email: `${orderId}@example.com`, createdAt: created, updatedAt: created, totalPrice: "80.00" }), created, created, { orderKey: orderId }),
    arrival({ kind: "fulfillment.upserted", orderId, fulfillmentId: `f-${orderId}`, name: `${name}.1`, status: "success", tag: null, subtag: null, carrier: "USPS", trackingNumbers: [tracking], trackingUrl: null, createdAt: fulfilled, updatedAt: fulfilled }, fulfilled, fulfilled, { orderKey: orderId }),
    scan(tracking, at + 4 * 3_600_000, at + 4 * 3_600_000),
  ];
}

function scan(tracking: string, at: number, receivedAt: number): Delivery {
  const iso = new Date(at).toISOString();
  return arrival(
    { kind: "tracking.updated", provider: "easypost", carrier: "USPS", trackingNumber: tracking, tag: "InTransit", subtag: null, subtagMessage: null, estimatedDeliveryAt: null, checkpoints: [{ at: iso, tag: "InTransit", subtag: null, message: "In transit", location: null }], updatedAt: iso, orderRef: null },
    iso,
    new Date(receivedAt).toISOString(),
    { trackingKey: tracking },
  );
}

const step = () => projectBatch({ store, ...workerDeps, flows, decide: true });
let fired = 0;
const runnerAt = async (ms: number) => {
  fired += await fireDueTimers({ store, clock: { now: () => new Date(ms) }, ids: () => `tick-${ms}-${++n}`, append: async (d) => (await store.append([d]))[0]! });
};
const dueOf = async (tracking: string) => (await store.dueTimers("9999-12-31T00:00:00.000Z", 100)).find((t) => t.name === `transit_stalled:${tracking}`)?.dueAt;

let aDue = "";
let movedTo: string | undefined;

beforeAll(async () => {
  store = await openSqliteStore({ memory: true });
  const start = Date.parse("2026-09-01T10:00:00.000Z");
  // Order B ships a day before order A: its silence deadline comes a business day earlier.
  await store.append([...shipped("9001", "#9001", "TRACK-B", start - 86_400_000), ...shipped("9002", "#9002", "TRACK-A", start)]);
  while ((await step()) > 0);
  aDue = (await dueOf("TRACK-A"))!;
  const bDue = (await dueOf("TRACK-B"))!;
  expect(bDue < aDue).toBe(true);
  // The runner looks an hour before A's deadline: B's timer fires (the log shows the runner ran then).
  await runnerAt(Date.parse(aDue) - 3_600_000);
  while ((await step()) > 0);
  // A carrier scan of A's parcel, from before the deadline, arrives an hour after it; the worker folds it before the runner looks again.
  await store.append([scan("TRACK-A", Date.parse(aDue) - 2 * 3_600_000, Date.parse(aDue) + 3_600_000)]);
  await step();
  movedTo = await dueOf("TRACK-A");
  await runnerAt(Date.parse(aDue) + 2 * 3_600_000);
  while ((await step()) > 0);
}, 60_000);
afterAll(async () => {
  await store.close();
  removeTempFolders();
});

describe("a timer the worker moved before its runner looked past its due time", () => {
  it("reality: B's timer fired, A's moved and never fired", async () => {
    expect(fired).toBe(1);
    expect(movedTo! > aDue).toBe(true);
    const runs = await store.listRuns({ shop: SHOP, flowId: "delay-notice" });
    expect(runs.map((r) => r.orderId)).toEqual(["9001"]);
  });

  it("the replay fires it no sooner than the runner was seen to reach its due time: no difference", async () => {
    const r = await replay({ source: store, from: "2026-08-30T00:00:00.000Z", to: new Date(Date.parse(aDue) + 86_400_000).toISOString(), engine: flows, ...workerDeps });
    expect(r.folded.byArrival).toBe(0);
    expect(r.timersFired).toBe(1);
    expect(r.summary.unchanged).toBeGreaterThan(5);
    expect([...r.diff.added, ...r.diff.removed, ...r.diff.changed]).toEqual([]);
  });
});

describe("reality's runner calls, from its firings", () => {
  const firing = (seq: number, receivedAt: string) => ({ seq, receivedAt }) as StoredEvent;
  it("one per instant, at its first firing in the log; a call that fired as many timers as one call may is left out", () => {
    const full = Array.from({ length: TIMERS_PER_CALL }, (_, i) => firing(100 + i, "2026-09-02T00:00:00.000Z"));
    expect(runnerTicks([firing(7, "2026-09-01T00:00:00.000Z"), firing(3, "2026-09-01T00:00:00.000Z"), ...full, firing(400, "2026-09-03T00:00:00.000Z")])).toEqual([
      { seq: 3, at: "2026-09-01T00:00:00.000Z" },
      { seq: 400, at: "2026-09-03T00:00:00.000Z" },
    ]);
    expect(runnerTicks(full.slice(1))).toEqual([{ seq: 101, at: "2026-09-02T00:00:00.000Z" }]);
  });
});
