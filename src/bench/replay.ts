/**
 * `npm run bench` (after ingest): replay throughput. 20,000 events (BENCH_REPLAY_EVENTS) from the
 * demo's simulated shop — orders, fulfillments, EasyPost and AfterShip scans, about 15 % late and
 * 2 % with exceptions — are normalized as the ingest pipeline would (no HTTP). Their live history
 * (journeys, decisions, runs, outbox) is built by the same fold the worker runs, then copied into
 * a SQLite store. A replay of the whole window through the built-in rules and the two example
 * flows (examples/flows) is timed from that store and from memory, beside a reference measured in
 * the same run: JSON-parse the stored payloads and fold each order once with `projectJourney`, no
 * store, no rules, no flows. Each replay must find no difference: the same history through the
 * same flows decides the same.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { DAY } from "../core/clock.js";
import type { StoredEvent } from "../core/event.js";
import { parseJsonLossless } from "../core/lossless-json.js";
import type { NormalizedPayload } from "../core/normalized.js";
import { seededRandom } from "../core/random.js";
import { defaultShopSettings } from "../core/settings.js";
import { projectJourney } from "../core/journey-project.js";
import { simOrder, type Step } from "../demo/scenario.js";
import { aftershipWebhookBody, easypostEventBody, shopifyFulfillmentBody, shopifyOrderBody } from "../demo/payloads.js";
import { normalizeShopify } from "../connectors/shopify/normalize/index.js";
import { normalizeEasyPost } from "../connectors/easypost/normalize.js";
import { normalizeAfterShip } from "../connectors/aftership/normalize.js";
import { setUpFlows } from "../flows/flow-setup.js";
import { deliveryOf, simulate } from "../flows/replay/simulate.js";
import { replay } from "../flows/replay/replay.js";
import { builtInFlows, builtInRules } from "../layers/built-in.js";
import { openSqliteStore, type SqliteStore } from "../store/sqlite/open.js";
import { MemoryStore } from "../store/memory/memory-store.js";
import type { Store } from "../store/port.js";
import { emptyProjectionWrite } from "../store/projection-write.js";
import { customerKeyOf } from "../flows/rule.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const SHOP = "bench-shop.myshopify.com";
const N = Number(process.env.BENCH_REPLAY_EVENTS ?? 20_000);
const START = Date.parse("2026-09-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

type NewEventLike = Omit<StoredEvent, "id" | "seq" | "receivedAt" | "rawBodyId">;

/** One simulated webhook, normalized exactly as the ingest pipeline would. */
function normalized(order: ReturnType<typeof simOrder>, step: Step): NewEventLike {
  const body = (text: string) => {
    const parsed = parseJsonLossless(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  const check = <T extends { ok: boolean }>(r: T): T & { ok: true } => {
    if (!r.ok) throw new Error(`normalize: ${JSON.stringify(r)}`);
    return r as T & { ok: true };
  };
  if (step.kind === "order" || step.kind === "fulfillment") {
    const topic = step.kind === "order" ? "orders/create" : "fulfillments/create";
    const text = step.kind === "order" ? shopifyOrderBody(order, step.at, SHOP) : shopifyFulfillmentBody(order, step.at);
    return check(normalizeShopify({ shop: SHOP, topic, deliveryId: `${order.orderId}-${topic}-${step.at}`, triggeredAt: iso(step.at), body: body(text) })).event;
  }
  const scans = order.steps.filter((s): s is Extract<Step, { kind: "scan" }> => s.kind === "scan" && s.at <= step.at);
  const eventId = `evt_${order.trackingNumber}_${step.at}`;
  if (order.provider === "aftership") return check(normalizeAfterShip({ shop: SHOP, body: body(aftershipWebhookBody(order, scans, eventId, order.carrier.toLowerCase())) })).event;
  return check(normalizeEasyPost({ shop: SHOP, body: body(easypostEventBody(order, scans, eventId)) })).event;
}

/** The first N events of the simulated shop's life, in arrival order (each arrives when it happens). */
function generate(n: number): StoredEvent[] {
  const r = seededRandom(42);
  const pending: Array<{ at: number; event: NewEventLike }> = [];
  let placedAt = START;
  // Orders come in time order; an event is certain to be among the first N once no later order can precede it.
  for (let i = 0; pending.filter((p) => p.at < placedAt).length < n; i++) {
    const order = simOrder(i, placedAt, r);
    for (const step of order.steps) pending.push({ at: step.at, event: normalized(order, step) });
    placedAt += -Math.log(1 - r()) * (DAY / 120);
  }
  return pending
    .filter((p) => p.at < placedAt)
    .sort((a, b) => a.at - b.at)
    .slice(0, n)
    .map((p, i) => ({ ...p.event, id: `bench-${String(i).padStart(6, "0")}`, seq: i + 1, receivedAt: iso(p.at), rawBodyId: null }));
}

/** The reference: parse the stored payloads and fold each order once, nothing else. */
function reference(events: StoredEvent[]): { ms: number; orders: number } {
  const stored = events.map((e) => ({ ...e, payload: JSON.stringify(e.payload) }));
  const t0 = performance.now();
  const orderOf = new Map<string, string>();
  const byOrder = new Map<string, StoredEvent[]>();
  for (const s of stored) {
    const e: StoredEvent = { ...s, payload: JSON.parse(s.payload) as NormalizedPayload };
    if (e.payload.kind === "fulfillment.upserted") for (const t of e.payload.trackingNumbers) orderOf.set(t, e.payload.orderId);
    const orderId = e.orderKey ?? (e.trackingKey ? orderOf.get(e.trackingKey) : undefined);
    if (!orderId) continue;
    const list = byOrder.get(orderId);
    if (list) list.push(e);
    else byOrder.set(orderId, [e]);
  }
  for (const [orderId, list] of byOrder) projectJourney(SHOP, orderId, list, defaultShopSettings);
  return { ms: performance.now() - t0, orders: byOrder.size };
}

const flows = setUpFlows({ flowsDir: join(root, "examples", "flows"), builtIn: builtInFlows });
if (!flows.ok) throw new Error(flows.errors.join("\n"));
const deps = { settingsFor: () => defaultShopSettings, rules: builtInRules, flows: flows.engine, decide: true };

const events = generate(N);
const from = events[0]!.occurredAt;
const to = events[events.length - 1]!.occurredAt;
const ref = reference(events);

/** The live history: the same fold the worker runs, with every timer firing at its due time. */
async function live(store: Store): Promise<number> {
  const t0 = performance.now();
  await simulate({ store, events, horizon: to, deps });
  return performance.now() - t0;
}

/**
 * Copies a history into another store through the port: the events (marked projected) and
 * everything folding them wrote. Building it in SQLite directly means one SQLite transaction per
 * arrival — minutes for 20,000 events — and measures the live worker, not the replay.
 */
async function copy(from: MemoryStore, to: Store): Promise<void> {
  for (let i = 0; i < events.length; i += 500) await to.append(events.slice(i, i + 500).map(deliveryOf));
  const journeys = await from.listJourneys();
  const write = emptyProjectionWrite();
  write.journeys = journeys;
  const customers = new Set<string>();
  for (const j of journeys) {
    for (const s of j.shipments) if (s.trackingNumber) write.trackingLinks.push({ shop: j.shop, trackingNumber: s.trackingNumber, orderId: j.orderId });
    write.decisions.push(...(await from.decisionsForOrder(j.shop, j.orderId)));
    const c = customerKeyOf(j);
    if (c) customers.add(c);
  }
  for (const c of customers) write.holdsPlaced.push(...(await from.holdsForCustomer(SHOP, c)));
  write.outbox = (await from.listOutbox({})).map((a) => ({ id: a.id, shop: a.shop, idempotencyKey: a.idempotencyKey, channel: a.channel, orderId: a.orderId, decisionId: a.decisionId, payload: a.payload, status: a.status === "awaiting_review" ? "awaiting_review" : "pending", createdAt: a.createdAt }));
  write.runs = await from.listRuns({ limit: Number.MAX_SAFE_INTEGER });
  write.timersSet = await from.dueTimers("9999-12-31T23:59:59.999Z", Number.MAX_SAFE_INTEGER);
  write.projectedEventIds = events.map((e) => e.id);
  await to.applyProjection(write);
}

/** What the stored runs cost: their bytes in the SQLite file, and reading every one back through the port. */
async function storedRuns(store: SqliteStore): Promise<string> {
  const bytesOf = (table: string) => store.raw.prepare(`select coalesce(sum(length(cast(data as blob))), 0) from ${table}`).pluck().get() as number;
  const definitions = store.raw.prepare("select count(*) from flow_definitions").pluck().get() as number;
  const t0 = performance.now();
  const runs = await store.listRuns({ limit: Number.MAX_SAFE_INTEGER });
  const ms = performance.now() - t0;
  return `stored runs in SQLite: ${runs.length} runs, ${(bytesOf("flow_runs") / 1e6).toFixed(1)} MB of run JSON + ${definitions} flow definitions, ${(bytesOf("flow_definitions") / 1e3).toFixed(1)} kB; read all in ${Math.round(ms)} ms`;
}

let runsLine = "";
const dir = mkdtempSync(join(tmpdir(), "firebreak-bench-replay-"));
const rows: Array<{ name: string; ms: number; detail: string }> = [];
try {
  const memory = new MemoryStore();
  rows.push({ name: "live history: append + fold + rules + flows + timers, per arrival, in a MemoryStore", ms: await live(memory), detail: "what the worker does when it keeps up; the replay repeats it" });
  const sqlite = await openSqliteStore({ file: join(dir, "bench.db"), synchronous: "NORMAL" });
  try {
    await copy(memory, sqlite);
    runsLine = await storedRuns(sqlite);
    for (const [name, source] of [["replay from SQLite (the CLI's case)", sqlite], ["replay from a MemoryStore", memory]] as const) {
      const r = await replay({ source, from, to, ...deps, engine: flows.engine });
      const diff = r.summary.added + r.summary.removed + r.summary.changed;
      rows.push({
        name,
        ms: r.durationMs,
        detail: `read ${Math.round(r.phasesMs.load)} ms, fold+decide ${Math.round(r.phasesMs.simulate)} ms, diff ${Math.round(r.phasesMs.diff)} ms; ${r.timersFired} timers, ${r.summary.unchanged} records compared, ${diff} differences`,
      });
    }
  } finally {
    await sqlite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const eps = (ms: number) => Math.round(N / (ms / 1000));
process.stdout.write(`\nreplay: node ${process.version}, ${N} events (${ref.orders} orders), flows: ${flows.engine.flows.map((f) => f.id).join(", ")}\n\n`);
process.stdout.write("| measurement | ms | events/s | vs reference | where the time goes |\n|---|---:|---:|---:|---|\n");
process.stdout.write(`| reference: JSON.parse + projectJourney once per order, no store | ${Math.round(ref.ms)} | ${eps(ref.ms)} | 100% | |\n`);
for (const r of rows) process.stdout.write(`| ${r.name} | ${Math.round(r.ms)} | ${eps(r.ms)} | ${((ref.ms / r.ms) * 100).toFixed(0)}% | ${r.detail} |\n`);
process.stdout.write(`\n${runsLine}\n`);
