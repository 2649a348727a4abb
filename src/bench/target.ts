/**
 * A benchmark target, run in its own process so the load generator does not share its CPU:
 *   node dist/bench/target.js reference <dir>   bare Fastify route, one SQLite insert per request
 *   node dist/bench/target.js firebreak <dir> [--worker]   the real app (ingest only, or with the projection worker)
 * With BENCH_SYNCHRONOUS=NORMAL both use SQLite's synchronous=NORMAL (durable across a process
 * crash, not a power cut) instead of FULL.
 * Prints {"port": N} on stdout when listening.
 */
import Fastify from "fastify";
import { join } from "node:path";
import { openSqliteDatabase } from "../store/sqlite/open.js";
import { createApp } from "../app.js";
import { Config } from "../config/schema.js";

const [mode, dir, flag] = process.argv.slice(2);
const synchronous = process.env.BENCH_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
if (!mode || !dir) throw new Error("usage: target.js reference|firebreak <dir> [--worker]");

export const BENCH_SECRET = "bench-secret-0123456789abcdef";
export const BENCH_SHOP = "bench-shop.myshopify.com";

async function reference(): Promise<number> {
  const db = openSqliteDatabase(join(dir!, "reference.db"), synchronous);
  db.exec("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, delivery_id TEXT, body BLOB)");
  const insert = db.prepare("INSERT INTO hits (delivery_id, body) VALUES (?, ?)");
  const app = Fastify({ bodyLimit: 2 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_r, body, done) => done(null, body));
  app.post("/webhooks/shopify", async (req) => {
    insert.run(String(req.headers["x-shopify-webhook-id"]), req.body as Buffer);
    return { ok: true };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return (app.server.address() as { port: number }).port;
}

async function firebreak(): Promise<number> {
  const config = Config.parse({
    port: 0,
    dataDir: dir,
    store: { kind: "sqlite", synchronous },
    apiToken: "bench-token-0123456789abcdef0123",
    shops: [{ domain: BENCH_SHOP, webhookSecrets: [BENCH_SECRET] }],
    logLevel: "silent",
  });
  const app = await createApp({ config, logger: false });
  await app.recover();
  await app.server.listen({ host: "127.0.0.1", port: 0 });
  if (flag === "--worker") app.worker.start();
  process.on("SIGINT", () => {
    process.stderr.write(JSON.stringify({ groupCommit: app.appender.stats }) + "\n");
    process.exit(0);
  });
  return (app.server.server.address() as { port: number }).port;
}

const port = mode === "reference" ? await reference() : await firebreak();
process.stdout.write(JSON.stringify({ port }) + "\n");

// Exit cleanly on SIGINT so `node --cpu-prof` can write its profile.
if (mode === "reference") process.on("SIGINT", () => process.exit(0));
