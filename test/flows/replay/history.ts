import { afterAll, beforeAll, expect } from "vitest";
import { removeTempFolders, tempFolder } from "../../helpers/temp-files.js";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { setUpFlows } from "../../../src/flows/flow-setup.js";
import type { FlowEngine } from "../../../src/flows/engine/orchestrate.js";
import { builtInFlows, builtInRules } from "../../../src/layers/built-in.js";
import { replay, type ReplayOptions } from "../../../src/flows/replay/replay.js";
import { bearer, easypostHeaders, shopifyHeaders, startHarness, type Harness } from "../../helpers/harness.js";
import { easypostBody, fulfillmentBody, ORDER_ID, orderBody, type Scan } from "../../helpers/payloads.js";

/** A late parcel on a valuable order of a repeat customer tells the team, then again a day later. */
export function lateAlertFlow(opts: { minTotal?: string; version?: number } = {}): string {
  return `
id: late-alert
version: ${opts.version ?? 1}
description: A late parcel on a valuable order tells the team, and again a day later.
trigger:
  events: [signal.raised]
  filter: 'signal.name in ["transit_stalled", "edd_missed"]'
conditions:
  - 'order.total_price >= ${opts.minTotal ?? "100.0"}'
  - name: repeat customer
    expr: 'customer.orders_count >= 3'
steps:
  - id: tell-team
    action: alert.team
    input: { text: 'Late: {{ order.name }} ({{ signal.name }}, {{ shipment.tracking_number }})' }
  - id: pause
    wait: { duration: 1d }
  - id: follow-up
    action: alert.team
    input: { text: 'Still late: {{ shipment.tracking_number }}' }
`;
}

/** A flow reality never had: every delivered parcel asks for a review. */
export const deliveredFlow = `
id: delivered-review
version: 1
description: A delivered parcel tells the team.
trigger:
  events: [shipment.status_changed]
  filter: 'shipment.tag == "Delivered"'
steps:
  - id: tell-team
    action: alert.team
    input: { text: 'Delivered: {{ shipment.tracking_number }}' }
`;

/** A flow with a human in it: the replay stops where the person decided. */
export const askFlow = `
id: ask-reship
version: 1
description: A stalled parcel asks a human whether to tell the team to reship.
trigger:
  events: [signal.raised]
  filter: 'signal.name == "transit_stalled"'
steps:
  - id: ask
    approval: { title: 'Reship {{ shipment.tracking_number }}?' }
  - id: tell-team
    action: alert.team
    input: { text: 'Reshipping {{ shipment.tracking_number }}' }
`;

export interface HistoryOptions {
  /** When set, a person approves every waiting run at this instant. */
  approveAt?: string;
  /** The compiled replay worker for the app's API replays, asked for once the history is built (a beforeAll compiles it). */
  replayWorker?: () => URL;
}

/** A flows folder of its own for one replay (removed by `useHistory`'s afterAll). */
export const flowsDir = (files: Record<string, string>): string => tempFolder(files, "firebreak-replay-flows-");

/**
 * The shared history of a replay test file: built once before its tests, closed and its folders
 * removed after them. Returns a getter, since the harness exists only once beforeAll has run.
 */
export function useHistory(flows: Record<string, string>, opts: HistoryOptions = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await buildHistory(flows, opts);
  });
  afterAll(async () => {
    await h?.close();
    removeTempFolders();
  });
  return () => h!;
}

export function engineFor(dir: string): FlowEngine {
  const setup = setUpFlows({ flowsDir: dir, builtIn: builtInFlows });
  if (!setup.ok) throw new Error(setup.errors.join("\n"));
  return setup.engine;
}

export const replayWith = (h: Harness, engine: FlowEngine, over: Partial<ReplayOptions> = {}) =>
  replay({ source: h.app.store, from: "2026-11-01", to: "2026-11-30", engine, rules: builtInRules, settingsFor: () => defaultShopSettings, ...over });

export const ORDERS = {
  big: { id: ORDER_ID, total: "404.95", tracking: "1ZBIG0000000000001" },
  small: { id: "820982911946154600", total: "50.00", tracking: "1ZSMALL00000000002" },
  delivered: { id: "820982911946154700", total: "250.00", tracking: "1ZDELIV00000000003" },
} as const;

/**
 * Moves the clock to `target` the way production time passes: every timer fires at its own due
 * time (one worker pass per instant), not all at once at the end.
 */
export async function settle(h: Harness, target: string): Promise<void> {
  for (;;) {
    const [next] = await h.app.store.dueTimers(target, 1);
    if (!next) break;
    h.clock.set(next.dueAt);
    await h.app.worker.runUntilIdle();
  }
  h.clock.set(target);
  await h.app.worker.runUntilIdle();
}

/**
 * Three orders of one customer through the real app: a valuable one and a cheap one that go
 * quiet in transit (timers raise transit_stalled, then edd_missed), and one that is delivered.
 */
export async function buildHistory(flows: Record<string, string>, opts: HistoryOptions = {}): Promise<Harness> {
  const replayWorker = opts.replayWorker?.();
  const h = await startHarness({ flowsDir: flowsDir(flows) }, "2026-11-02T09:00:00.000Z", replayWorker ? { replayWorker } : {});
  const post = async (url: string, payload: string, headers: Record<string, string>) => {
    const res = await h.app.server.inject({ method: "POST", url, payload, headers });
    expect(res.statusCode, res.body).toBe(200);
  };
  const shopify = (topic: string, body: string, webhookId: string) => post("/webhooks/shopify", body, shopifyHeaders(topic, body, { webhookId }));
  const scan = (eventId: string, tracking: string, scans: Scan[]) => {
    const body = easypostBody({ eventId, tracking, scans });
    return post("/webhooks/tracking/easypost", body, easypostHeaders(body));
  };
  const label = (at: string): Scan => ({ at, status: "pre_transit", detail: "label_created" });
  const pickup = (at: string): Scan => ({ at, status: "in_transit", detail: "arrived_at_facility" });

  for (const [name, o] of Object.entries(ORDERS)) await shopify("orders/create", orderBody({ createdAt: "2026-11-02T09:00:00.000Z", total: o.total, id: o.id }), `w-order-${name}`);
  await settle(h, "2026-11-03T16:00:00.000Z");
  for (const [name, o] of Object.entries(ORDERS)) await shopify("fulfillments/create", fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z", tracking: o.tracking, orderId: o.id }), `w-ful-${name}`);
  await settle(h, "2026-11-04T12:00:00.000Z");
  for (const [name, o] of Object.entries(ORDERS)) await scan(`evt_pickup_${name}`, o.tracking, [label("2026-11-03T16:00:00.000Z"), pickup("2026-11-04T10:00:00.000Z")]);
  await settle(h, "2026-11-06T16:00:00.000Z");
  const d = ORDERS.delivered;
  await scan("evt_delivered", d.tracking, [label("2026-11-03T16:00:00.000Z"), pickup("2026-11-04T10:00:00.000Z"), { at: "2026-11-06T15:00:00.000Z", status: "delivered", detail: "arrived_at_destination" }]);
  if (opts.approveAt) {
    // A person approves every run waiting for one, through the API, part-way through the history.
    await settle(h, opts.approveAt);
    for (const run of await h.app.store.listRuns({ status: "awaiting_approval" })) {
      const res = await h.app.server.inject({ method: "POST", url: `/api/runs/${run.id}/approval`, headers: bearer, payload: { decision: "approve", by: "ops@snowdevil.com" } });
      expect(res.statusCode, res.body).toBe(200);
    }
  }
  await settle(h, "2026-11-16T00:00:00.000Z");
  return h;
}
