/**
 * `npm run bench`: durable webhook ingest against a reference measured in the same run.
 * Each target runs in its own process; autocannon drives it over loopback with signed Shopify
 * orders/create bodies, a fresh X-Shopify-Webhook-Id per request (so every request is stored).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const SECRET = "bench-secret-0123456789abcdef";
const SHOP = "bench-shop.myshopify.com";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const body = readFileSync(join(root, "test/fixtures/shopify/shopify-dev-2026-07/orders__create.json"));
const template = body.toString("utf8");
const SAMPLE_ORDER_ID = "820982911946154508";

/** Every request is a different order (as in a real store), signed like Shopify signs it. */
function orderRequest(n: number): { body: string; hmac: string } {
  const id = (BigInt(SAMPLE_ORDER_ID) + BigInt(n)).toString();
  const b = template.replaceAll(SAMPLE_ORDER_ID, id);
  return { body: b, hmac: createHmac("sha256", SECRET).update(b).digest("base64") };
}

interface Figures { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; peakRssMb: number; total: number }

function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function startTarget(args: string[], synchronous: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(here, "target.js"), ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, BENCH_SYNCHRONOUS: synchronous } });
  const rl = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    rl.once("line", (line) => resolve(JSON.parse(line).port));
    child.once("exit", (code) => reject(new Error(`target exited with ${code}`)));
  });
  return { child, port };
}

async function measure(name: string, args: string[], synchronous = "FULL"): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-bench-"));
  const { child, port } = await startTarget([...args.slice(0, 1), dir, ...args.slice(1)], synchronous);
  let n = 0;
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/webhooks/shopify`,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            const r = orderRequest(++n);
            const headers = {
              "content-type": "application/json",
              "x-shopify-topic": "orders/create",
              "x-shopify-shop-domain": SHOP,
              "x-shopify-hmac-sha256": r.hmac,
              "x-shopify-webhook-id": `bench-${process.pid}-${n}`,
              "x-shopify-api-version": "2026-07",
            };
            return { ...req, body: r.body, headers };
          },
        },
      ],
    });
    return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx, peakRssMb: peakRssMb(child.pid!), total: result.requests.total };
  } finally {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

// Each Firebreak row is compared with the reference measured with the same SQLite durability.
const full = await measure("reference: bare Fastify + 1 SQLite insert/request (WAL, synchronous=FULL)", ["reference"]);
const rows: Array<Figures & { ref: Figures }> = [{ ...full, ref: full }];
rows.push({ ...(await measure("firebreak ingest: verify + lossless parse + normalize + durable append (group commit), FULL", ["firebreak"])), ref: full });
rows.push({ ...(await measure("firebreak ingest with the projection worker running, FULL", ["firebreak", "--worker"])), ref: full });
const normal = await measure("reference, synchronous=NORMAL", ["reference"], "NORMAL");
rows.push({ ...normal, ref: normal });
rows.push({ ...(await measure("firebreak ingest, synchronous=NORMAL", ["firebreak"], "NORMAL")), ref: normal });

process.stdout.write(`\nnode ${process.version}, ${connections} connections, ${seconds} s each, body ${body.length} bytes (Shopify orders/create sample)\n\n`);
process.stdout.write("| target | req/s | vs reference (same durability) | p50 ms | p99 ms | peak RSS MB | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
for (const r of rows) process.stdout.write(`| ${r.name} | ${Math.round(r.rps)} | ${((r.rps / r.ref.rps) * 100).toFixed(0)}% | ${r.p50} | ${r.p99} | ${r.peakRssMb} | ${r.errors} | ${r.non2xx} |\n`);
