/**
 * Flow throughput: events/s folded into journeys and run through the built-in flows and the
 * example flows, on the embedded store, beside a reference measured in the same run: the same
 * events folded with rules and flows off. Events come from the demo's simulated shop, through the
 * real webhook endpoints (in-process inject), before the clock starts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../app.js";
import { Config } from "../config/schema.js";
import { FakeClock } from "../core/clock.js";
import { StoreSimulator } from "../demo/simulator.js";

const here = dirname(fileURLToPath(import.meta.url));
const SHOP = "bench-flows.myshopify.com";
const secrets = { shopify: "s-shopify", easypost: "s-easypost", aftership: "s-aftership" };
const ordersPerDay = Number(process.env.BENCH_FLOW_ORDERS_PER_DAY ?? 60);
const days = Number(process.env.BENCH_FLOW_DAYS ?? 20);

async function measure(name: string, withFlows: boolean): Promise<{ name: string; events: number; ms: number; runs: number; actions: number }> {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-bench-flows-"));
  const clock = new FakeClock("2026-11-20T00:00:00.000Z");
  const config = Config.parse({
    dataDir: dir,
    apiToken: "bench-token-0123456789abcdef0123",
    shops: [{ domain: SHOP, webhookSecrets: [secrets.shopify] }],
    tracking: { easypostSecrets: [secrets.easypost], aftershipSecrets: [secrets.aftership] },
    logLevel: "silent",
    ...(withFlows ? { flowsDir: join(here, "..", "..", "examples", "flows") } : {}),
  });
  const app = await createApp({ config, clock, logger: false, decide: withFlows });
  await app.recover();
  try {
    const inject: typeof fetch = async (url, init) => {
      const res = await app.server.inject({ method: "POST", url: new URL(String(url)).pathname, headers: init?.headers as Record<string, string>, payload: String(init?.body ?? "") });
      return new Response(res.body, { status: res.statusCode });
    };
    const sim = new StoreSimulator({ baseUrl: "http://bench.local", shop: SHOP, shopifySecret: secrets.shopify, easypostSecret: secrets.easypost, aftershipSecret: secrets.aftership, clock, seed: 7, historyDays: days, ordersPerDay, fetch: inject });
    await sim.tick();
    const events = (await app.store.listEvents({ limit: 10_000_000 })).length;
    const t = performance.now();
    await app.worker.runUntilIdle();
    const ms = performance.now() - t;
    return { name, events, ms, runs: (await app.store.listRuns({ limit: 1_000_000 })).length, actions: (await app.store.listOutbox({ limit: 1_000_000 })).length };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const reference = await measure("reference: fold into journeys only (rules and flows off)", false);
const full = await measure("every built-in flow (delivery, post-purchase, triage) + the example flows, outbox dispatched", true);
process.stdout.write(`\nflow throughput, embedded SQLite (synchronous=FULL), ${reference.events} events from the simulated shop (${ordersPerDay} orders/day × ${days} days)\n\n`);
process.stdout.write("| target | events | ms | events/s | vs reference | flow runs | outbox actions |\n|---|---:|---:|---:|---:|---:|---:|\n");
for (const r of [reference, full]) {
  const eps = (r.events / r.ms) * 1000;
  process.stdout.write(`| ${r.name} | ${r.events} | ${Math.round(r.ms)} | ${Math.round(eps)} | ${((eps / ((reference.events / reference.ms) * 1000)) * 100).toFixed(0)}% | ${r.runs} | ${r.actions} |\n`);
}
