import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createApp } from "../app.js";
import { loadConfig } from "../config/load.js";
import { ScaledClock } from "../core/clock.js";
import { startFakeKlaviyo } from "../connectors/klaviyo/fake-server.js";
import { startFakeSlack } from "../connectors/slack/fake-server.js";
import { startFakeGorgias } from "../connectors/gorgias/fake-server.js";
import { StoreSimulator, newSecret } from "../demo/simulator.js";
import { summarize } from "../server/summary.js";
import { onShutdown } from "./shutdown.js";

const DEMO_SHOP = "firebreak-demo.myshopify.com";

/**
 * `npm start`: the real server, on the embedded store, fed by a simulated shop through the same
 * signed webhook endpoints, with fake Klaviyo and Slack receiving the outbox.
 */
export async function demoCommand(opts: { speed: string; ordersPerDay: string; historyDays: string; seed: string }): Promise<void> {
  const dataDir = resolve(process.env.FIREBREAK_DATA_DIR ?? "./.firebreak", "demo");
  // The simulated clock restarts with every run, so an old demo store would hold "future" events.
  rmSync(dataDir, { recursive: true, force: true });

  const klaviyoKey = `pk_demo_${randomBytes(12).toString("hex")}`;
  const klaviyo = await startFakeKlaviyo({ apiKey: klaviyoKey });
  const slack = await startFakeSlack();
  const gorgiasKey = randomBytes(12).toString("hex");
  const gorgias = await startFakeGorgias({ email: "support@firebreak-demo.example", apiKey: gorgiasKey, ticketIds: [] });
  const gorgiasToken = newSecret();
  const secrets = { shopify: newSecret(), easypost: newSecret(), aftership: newSecret() };
  const apiToken = process.env.FIREBREAK_API_TOKEN ?? randomBytes(24).toString("hex");

  const loaded = loadConfig({
    env: { PORT: process.env.PORT, FIREBREAK_API_TOKEN: apiToken, FIREBREAK_LOG_LEVEL: process.env.FIREBREAK_LOG_LEVEL ?? "warn" },
    base: {
      dataDir,
      shops: [
        {
          domain: DEMO_SHOP,
          webhookSecrets: [secrets.shopify],
          // Support triage: customers write to a (fake) Gorgias; notes, tags and lanes go back to it, drafts to the review queue.
          helpdesk: { kind: "gorgias", domain: "firebreak-demo", email: "support@firebreak-demo.example", apiToken: gorgiasKey, baseUrl: gorgias.url, inboundSecrets: [gorgiasToken] },
          settings: { triage: { teams: { vip: "1", human: "2", normal: "3" } } },
        },
      ],
      tracking: { easypostSecrets: [secrets.easypost], aftershipSecrets: [secrets.aftership] },
      klaviyo: { apiKey: klaviyoKey, baseUrl: klaviyo.url },
      slack: { webhookUrl: slack.url },
      // The example flows: review requests after delivery, and a human-approved reship for lost parcels.
      flowsDir: fileURLToPath(new URL("../../examples/flows", import.meta.url)),
      // Simulated time runs fast: retry delays are in simulated time too.
      dispatcher: { baseMs: 60_000, maxMs: 6 * 3_600_000 },
    },
  });
  if (!loaded.ok) throw new Error(`demo config invalid: ${loaded.errors.join("; ")}`);
  const config = loaded.config;

  const clock = new ScaledClock(Date.now(), Number(opts.speed));
  const app = await createApp({ config, clock, logger: pino({ level: config.logLevel }) });
  const url = await app.start();

  const sim = new StoreSimulator({
    baseUrl: url,
    shop: DEMO_SHOP,
    shopifySecret: secrets.shopify,
    easypostSecret: secrets.easypost,
    aftershipSecret: secrets.aftership,
    clock,
    seed: Number(opts.seed),
    historyDays: Number(opts.historyDays),
    ordersPerDay: Number(opts.ordersPerDay),
    gorgiasToken,
    onTicket: (t) => gorgias.open(t.ticketId, t.subject),
  });
  sim.start();

  process.stdout.write(
    [
      "",
      "Firebreak demo",
      `  live page    ${url}/#token=${apiToken}`,
      `  API token    ${apiToken}   (curl -H "Authorization: Bearer ${apiToken}" ${url}/api/outbox)`,
      `  data folder  ${dataDir} (embedded SQLite, rebuilt at every demo start)`,
      `  shop         ${DEMO_SHOP}: ~${opts.ordersPerDay} orders/day, ${opts.historyDays} days of history replayed first,`,
      `               simulated time runs ${opts.speed}x (1 real second = ${Math.round(Number(opts.speed) / 60)} simulated minutes)`,
      `  outbox to    fake Klaviyo ${klaviyo.url}, fake Slack and fake Gorgias (127.0.0.1)`,
      `  helpdesk     customers write to Gorgias about late, lost and damaged parcels; drafts wait in ${url}/api/review`,
      "  Ctrl-C stops.",
      "",
    ].join("\n"),
  );

  const notes = () => [...gorgias.tickets.values()].reduce((n, t) => n + t.messages.filter((m) => (m as { channel?: string }).channel === "internal-note").length, 0);
  const report = setInterval(() => {
    void summarize(app.store, clock.now()).then((s) => {
      const outbox = Object.entries(s.outboxByStatus).map(([k, v]) => `${k} ${v}`).join(", ") || "empty";
      process.stdout.write(
        `[${clock.now().toISOString().slice(0, 16).replace("T", " ")} sim] orders ${s.orders}, shipments ${s.shipments}, delayed ${s.delayed}, exceptions ${s.exceptions} | webhooks acknowledged ${sim.stats.acknowledged} | outbox: ${outbox} | flow runs: ${Object.entries(s.runsByStatus).map(([k, v]) => `${k} ${v}`).join(", ") || "none"} | Klaviyo events ${klaviyo.events.length}, Slack alerts ${slack.messages.length} | Gorgias tickets ${gorgias.tickets.size}, notes ${notes()}${unacked(sim.stats.failures)}\n`,
      );
    });
  }, 5000);

  onShutdown(async () => {
    clearInterval(report);
    sim.stop();
    await app.close();
    await klaviyo.close();
    await slack.close();
    await gorgias.close();
  });
}

function unacked(failures: Record<string, number>): string {
  const entries = Object.entries(failures);
  return entries.length ? ` | not acknowledged (the simulator retries): ${entries.map(([why, n]) => `${n}× ${why}`).join("; ")}` : "";
}

export const demoDataDir = (base: string) => join(base, "demo");
