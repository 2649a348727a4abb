/**
 * The real app in a process of its own, for the crash test (test/crash): the test kills it with
 * SIGKILL at random moments and starts it again on the same data dir.
 *
 *   node dist/testing/crash-target.js --data-dir D --flows-dir F --slack-url U --shop S --secret X
 *     --api-token T --sim-start ISO --real-start MS --factor N [--port P] [--klaviyo-url U --klaviyo-key K]
 *     [--hold-recovery] [--database-url URL --schema S] [--easypost-secret E]
 *
 * SQLite with synchronous=FULL (or PostgreSQL with --database-url, in its own schema), the
 * operator's flows folder (optional), fake vendor URLs, and a scaled clock
 * so that simulated minutes pass in real seconds. The clock is anchored to the test's own epoch
 * (`--sim-start` was the simulated time at real time `--real-start`), so simulated time keeps
 * running while the process is down and never goes backwards across restarts, as a wall clock.
 *
 * Normal mode boots exactly as `firebreak serve` does (`app.start()`: recovery pass, listen, worker)
 * and prints {"port": N, "bootId": …, "requeued": R} once listening.
 * `--hold-recovery` opens the restart window on purpose: it listens first, prints
 * {"port": N, "bootId": …, "ready": false}, and runs the recovery pass and starts the worker only
 * when a line "recover" arrives on stdin, then prints {"recovered": true, "requeued": R}.
 * SIGTERM closes cleanly (worker, server, store) and exits 0.
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import pino from "pino";
import { createApp } from "../app.js";
import { deliveryFlows } from "../layers/delivery/flows.js";
import { Config } from "../config/schema.js";
import { ScaledClock } from "../core/clock.js";
import { openStore } from "../store/open-store.js";
import { storeConfigOf } from "../config/store-config.js";

const { values: a } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "flows-dir": { type: "string" },
    "slack-url": { type: "string" },
    "klaviyo-url": { type: "string" },
    "klaviyo-key": { type: "string" },
    shop: { type: "string" },
    secret: { type: "string" },
    "api-token": { type: "string" },
    "sim-start": { type: "string" },
    "real-start": { type: "string" },
    factor: { type: "string", default: "60" },
    port: { type: "string", default: "0" },
    "log-level": { type: "string", default: "warn" },
    "hold-recovery": { type: "boolean", default: false },
    "database-url": { type: "string" },
    schema: { type: "string" },
    "easypost-secret": { type: "string" },
  },
  strict: true,
});

const need = (name: keyof typeof a): string => {
  const v = a[name];
  if (typeof v !== "string" || v === "") throw new Error(`crash-target: --${name} is required`);
  return v;
};

const config = Config.parse({
  port: Number(a.port),
  dataDir: need("data-dir"),
  store: a["database-url"] ? { kind: "postgres", url: a["database-url"], ...(a.schema ? { schema: a.schema } : {}) } : { kind: "sqlite", synchronous: "FULL" },
  apiToken: need("api-token"),
  shops: [{ domain: need("shop"), webhookSecrets: [need("secret")] }],
  ...(a["easypost-secret"] ? { tracking: { easypostSecrets: [a["easypost-secret"]] } } : {}),
  ...(a["flows-dir"] ? { flowsDir: a["flows-dir"] } : {}),
  ...(a["slack-url"] ? { slack: { webhookUrl: a["slack-url"] } } : {}),
  ...(a["klaviyo-url"] && a["klaviyo-key"] ? { klaviyo: { apiKey: a["klaviyo-key"], baseUrl: a["klaviyo-url"] } } : {}),
  logLevel: a["log-level"],
});

const factor = Number(a.factor);
const simStart = Date.parse(need("sim-start"));
const realStart = Number(need("real-start"));
const clock = new ScaledClock(simStart + (Date.now() - realStart) * factor, factor);
// Logs go to stderr: stdout carries only the JSON lines the test reads.
const logger = pino({ level: config.logLevel }, pino.destination(2));

// The store is opened here only to observe the recovery pass (how many claims it requeued);
// the boot itself is app.start(), exactly as `firebreak serve` runs it.
const store = await openStore({ ...storeConfigOf(config), ...(config.store.kind === "sqlite" ? { synchronous: "FULL" as const } : {}) });
let requeued = -1;
const recoverInFlight = store.recoverInFlight.bind(store);
store.recoverInFlight = async (bootId, at) => (requeued = await recoverInFlight(bootId, at));

// The built-in delivery flows only, as before the post-purchase messages: the crash test counts the
// runs and actions of its own flow, and an order confirmation per order would add runs it does not expect.
const app = await createApp({ config, clock, logger, store, builtInFlows: deliveryFlows });
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + "\n");
const portOf = () => (app.server.server.address() as { port: number }).port;

if (a["hold-recovery"]) {
  await app.server.listen({ host: config.host, port: config.port });
  print({ port: portOf(), bootId: app.bootId, ready: false });
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() !== "recover") return;
    lines.close();
    void app.recover().then(() => {
      app.worker.start();
      print({ recovered: true, requeued });
    });
  });
} else {
  await app.start();
  print({ port: portOf(), bootId: app.bootId, requeued });
}

process.on("SIGTERM", () => {
  void (async () => {
    await app.close();
    await store.close();
  })().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
