/**
 * kill -9 between flow steps (issue 3, item 7), against the real server process.
 *
 * The child (src/testing/crash-target.ts, compiled) is the real app on a SQLite data dir with
 * synchronous=FULL, an operator flow of five `alert.team` steps separated by 5-minute waits, fake
 * Slack, and a scaled clock (FACTOR× real time, anchored so simulated time keeps running while the
 * process is down). The test sends signed orders/create webhooks, kills the child with SIGKILL at
 * moments chosen by a seeded PRNG — half of them at the instant the fake Slack receives a message,
 * the window between a send and its record — and starts it again on the same data dir.
 *
 * What is guaranteed, and so what is asserted:
 * - Ingest: a webhook is acknowledged only after its commit, and the delivery id dedupes a resend
 *   whose ack was lost, so every acknowledged webhook is in the log exactly once.
 * - Runs: a run's state, its outbox actions and its next timer are written in one transaction, and
 *   actions are memoized by step, so a run resumes at the step it was in and completes.
 * - Outbox: at-least-once with the same idempotency key. The dispatcher records a delivery after
 *   the vendor answered; a kill in between leaves the action in_flight under the dead boot's id,
 *   the next boot's recovery pass requeues it, and it is sent again with the same key. Slack does
 *   not dedupe, so the `firebreak:<key>` marker is what lets a reader see the resend. Zero
 *   duplicates is therefore not a property of the design; what is asserted is that every extra
 *   delivery of a key is explained by a kill: the earlier copy arrived during a boot that was
 *   killed while that very action was in_flight, and a later boot sent it again.
 * - The restart window: while the recovery pass has not run, webhooks get 503 NOT_READY and
 *   nothing is folded, fired or dispatched; the pass requeues exactly the dead boots' claims.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { between, seededRandom } from "../../src/core/random.js";
import { API_TOKEN, SHOP, SHOPIFY_SECRET, shopifyHeaders } from "../helpers/harness.js";
import { orderBody } from "../helpers/payloads.js";
import { buildCrashTarget } from "../helpers/compiled-src.js";
import { spawnCrashChild, type CrashChild } from "../helpers/crash-child.js";

const ORDERS = 30;
const STEPS = ["alert-1", "alert-2", "alert-3", "alert-4", "alert-5"];
const KILLS = 6;
/** Which kill restarts with the recovery pass held, to look at the restart window. */
const HOLD_AT_KILL = 1;
const SEED = 20261102;
/** 5 simulated minutes = 1.5 real seconds: a run spans ~6 s; webhooks keep coming through the kills, so they fall inside runs. */
const FACTOR = 200;
const FLOW_ID = "crash-five-alerts";
const FLOWS_DIR = join(import.meta.dirname, "flows");
const DEADLINE_MS = 55_000;

const SIM_START = Date.parse("2026-11-02T09:00:00.000Z");
const REAL_START = Date.now();
const simNow = () => new Date(SIM_START + (Date.now() - REAL_START) * FACTOR);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Child = CrashChild;

let target = "";
let dataDir = "";
let slack: FakeSlack;
const children: ChildProcess[] = [];
const stderrTail: string[] = [];

beforeAll(() => {
  target = buildCrashTarget();
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await slack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function spawnChild(opts: { hold?: boolean } = {}): Promise<Child> {
  const args = [
    ...["--data-dir", dataDir, "--flows-dir", FLOWS_DIR, "--slack-url", slack.url, "--shop", SHOP, "--secret", SHOPIFY_SECRET, "--api-token", API_TOKEN],
    ...["--sim-start", new Date(SIM_START).toISOString(), "--real-start", String(REAL_START), "--factor", String(FACTOR)],
    ...(opts.hold ? ["--hold-recovery"] : []),
  ];
  const child = await spawnCrashChild(target, args, stderrTail);
  children.push(child.proc);
  return child;
}

/** Read-only looks at the data dir, between boots or beside a live one (WAL readers never block). */
function inDb<T>(f: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, "firebreak.db"), { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

const webhookId = (i: number) => `crash-order-${i}`;
const orderId = (i: number) => String(7_100_000_000_000_000_000n + BigInt(i)); // > 2^53, as Shopify's are
const keyOf = (i: number, step: string) => `${FLOW_ID}:event:shopify:${webhookId(i)}:${step}`;

describe("kill -9 between flow steps", () => {
  it("resumes every run after each kill: no webhook lost or doubled, every action delivered, every resend explained by a kill", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "firebreak-crash-"));
    slack = await startFakeSlack();
    // Two streams, so the kill moments do not depend on how the sender's draws interleave with them.
    const rng = seededRandom(SEED);
    const senderRng = seededRandom(SEED + 1);
    const deadline = Date.now() + DEADLINE_MS;
    const beforeDeadline = (what: string) => {
      if (Date.now() > deadline) throw new Error(`deadline passed while ${what}; stderr:\n${stderrTail.join("")}`);
    };

    let current = await spawnChild();
    expect(current.requeued).toBe(0);

    // --- the sender: every webhook is retried, same id and body, until acknowledged ---
    const acks = new Map<number, string>();
    const failures = { refused: 0, notReady: 0 };
    let webhookAttempts = 0;
    let sendingDone = false;
    async function deliver(i: number): Promise<void> {
      const body = orderBody({ id: orderId(i), createdAt: simNow().toISOString() });
      const headers = shopifyHeaders("orders/create", body, { webhookId: webhookId(i) });
      for (;;) {
        beforeDeadline(`delivering webhook ${i}`);
        let res: Response;
        webhookAttempts++;
        try {
          res = await fetch(`http://127.0.0.1:${current.port}/webhooks/shopify`, { method: "POST", body, headers, signal: AbortSignal.timeout(5_000) });
        } catch {
          failures.refused++; // refused, reset, or cut by the kill: not acknowledged, so send again
          await sleep(20);
          continue;
        }
        const text = await res.text();
        if (res.status === 503) {
          failures.notReady++;
          await sleep(20);
          continue;
        }
        expect(res.status, text).toBe(200);
        acks.set(i, (JSON.parse(text) as { status: string }).status);
        return;
      }
    }
    const sending = (async () => {
      for (let i = 0; i < ORDERS; i++) {
        await deliver(i);
        await sleep(between(senderRng, 10, 60));
      }
      sendingDone = true;
    })();
    sending.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"

    // --- the killer ---
    /** slack.messages.length when each boot after the first started: message i came in boot epochOf(i). */
    const boundaries: number[] = [];
    /** Per killed boot (by epoch), the idempotency keys it left in_flight. */
    const leftInFlight: Array<Set<string>> = [];
    const outstandingAtKill: number[] = [];
    let window: { status: number; code: string; retryAfter: string | null; health: number; dueTimers: number; requeued: number; leftInFlight: number } | null = null;
    const receivedKeys = () => new Set(slack.messages.map((m) => m.idempotencyKey)).size;

    for (let k = 0; k < KILLS; k++) {
      // Half the kills at the instant a send reaches Slack: the window between a delivery and its
      // record, where a resend is possible. The others a few random milliseconds into a webhook
      // request while webhooks are still coming (a commit whose ack is lost), else at a random moment.
      if (k % 2 === 1) {
        const seen = slack.requests;
        while (slack.requests === seen) {
          beforeDeadline("waiting for a send to kill on");
          await sleep(1);
        }
      } else if (!sendingDone) {
        await sleep(between(rng, 100, 600));
        const seen = webhookAttempts;
        while (webhookAttempts === seen && !sendingDone) await sleep(1);
        await sleep(between(rng, 0, 6));
      } else {
        await sleep(between(rng, 150, 900));
      }
      current.proc.kill("SIGKILL");
      await current.exited;
      outstandingAtKill.push(ORDERS * STEPS.length - receivedKeys());
      // Let the fake finish reading what the dead process had already written to its sockets.
      for (let seen = -1; seen !== slack.requests; ) {
        seen = slack.requests;
        await sleep(30);
      }
      const dead = current.bootId;
      const inFlight = inDb((db) => db.prepare("SELECT idempotency_key AS k, claimed_by AS b FROM outbox WHERE status = 'in_flight'").all() as Array<{ k: string; b: string }>);
      // Earlier boots' claims were all requeued by later recovery passes: only the dead boot's remain.
      expect(inFlight.filter((r) => r.b !== dead)).toEqual([]);
      leftInFlight.push(new Set(inFlight.map((r) => r.k)));
      boundaries.push(slack.messages.length);

      if (k !== HOLD_AT_KILL) {
        current = await spawnChild();
        // The recovery pass requeues exactly what the killed boot had claimed and not recorded.
        expect(current.requeued).toBe(inFlight.length);
        continue;
      }

      // The restart window: listening, recovery not yet run.
      const held = await spawnChild({ hold: true });
      current = held; // the sender now meets 503s from it
      const probe = orderBody({ id: orderId(999), createdAt: simNow().toISOString() });
      const res = await fetch(`http://127.0.0.1:${held.port}/webhooks/shopify`, { method: "POST", body: probe, headers: shopifyHeaders("orders/create", probe, { webhookId: "crash-window-probe" }) });
      const health = await fetch(`http://127.0.0.1:${held.port}/healthz`);
      const snapshot = () =>
        inDb((db) => ({
          events: (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n,
          outbox: db.prepare("SELECT id, status, attempts, claimed_by FROM outbox ORDER BY id").all(),
          runs: db.prepare("SELECT id, status, updated_at FROM flow_runs ORDER BY id").all(),
          timers: db.prepare("SELECT name, due_at FROM timers ORDER BY name").all() as Array<{ name: string; due_at: string }>,
        }));
      const before = snapshot();
      const slackBefore = slack.requests;
      // Hold until a flow timer is overdue, so there is work the boot would do if it were allowed to.
      const firstDue = before.timers.filter((t) => t.name.startsWith("flow:")).map((t) => Date.parse(t.due_at)).sort((x, y) => x - y)[0];
      expect(firstDue).toBeDefined();
      const holdUntil = Date.now() + 300;
      while (Date.now() < holdUntil || simNow().getTime() <= firstDue! + 60_000) await sleep(20);
      const after = snapshot();
      // Nothing stored, folded, fired or dispatched; the dead boot's claims still in_flight, untouched.
      expect(after).toEqual(before);
      expect(slack.requests).toBe(slackBefore);
      held.proc.stdin!.write("recover\n");
      const recovered = await held.next();
      window = {
        status: res.status,
        code: ((await res.json()) as { error: { code: string } }).error.code,
        retryAfter: res.headers.get("retry-after"),
        health: health.status,
        dueTimers: after.timers.filter((t) => t.name.startsWith("flow:") && Date.parse(t.due_at) < simNow().getTime()).length,
        requeued: Number(recovered.requeued),
        leftInFlight: inFlight.length,
      };
      expect(window).toMatchObject({ status: 503, code: "NOT_READY", retryAfter: "5", health: 503, requeued: inFlight.length });
      expect(window.dueTimers).toBeGreaterThan(0);
    }

    await sending;
    // The probe met the closed window; Shopify would send it again, and so do we.
    await (async () => {
      const body = orderBody({ id: orderId(999), createdAt: simNow().toISOString() });
      for (;;) {
        beforeDeadline("delivering the probe");
        const res = await fetch(`http://127.0.0.1:${current.port}/webhooks/shopify`, { method: "POST", body, headers: shopifyHeaders("orders/create", body, { webhookId: "crash-window-probe" }) });
        if (res.status === 200) return;
        await sleep(20);
      }
    })();

    // --- wait for every run to complete (through the API, as an operator would) ---
    const api = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${current.port}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as { runs: Array<{ id: string; status: string; steps: Array<{ id: string; status: string }> }> };
    };
    for (;;) {
      beforeDeadline(`waiting for the runs to complete (runs by status: ${JSON.stringify(inDb((db) => db.prepare("SELECT status, count(*) AS n FROM flow_runs GROUP BY status").all()))})`);
      const done = (await api("/api/runs?status=completed&limit=1000")).runs.length;
      const undelivered = inDb((db) => (db.prepare("SELECT count(*) AS n FROM outbox WHERE status != 'delivered'").get() as { n: number }).n);
      if (done === ORDERS + 1 && undelivered === 0) break;
      await sleep(100);
    }
    for (const status of ["running", "waiting", "failed", "awaiting_approval"]) expect((await api(`/api/runs?status=${status}`)).runs, status).toEqual([]);
    current.proc.kill("SIGTERM");
    await current.exited;
    expect(current.proc.exitCode).toBe(0);

    // --- the log: every acknowledged webhook exactly once ---
    expect([...acks.keys()].sort((a, b) => a - b)).toEqual([...Array(ORDERS).keys()]);
    const logged = inDb((db) => db.prepare("SELECT delivery_id AS id, count(*) AS n FROM events WHERE source = 'shopify' GROUP BY delivery_id").all() as Array<{ id: string; n: number }>);
    expect(logged.filter((r) => r.n !== 1)).toEqual([]);
    expect(logged.map((r) => r.id).sort()).toEqual([...[...Array(ORDERS).keys()].map(webhookId), "crash-window-probe"].sort());

    // --- the runs: all completed, every step done once ---
    const runs = inDb((db) => db.prepare("SELECT status, count(*) AS n FROM flow_runs GROUP BY status").all());
    expect(runs).toEqual([{ status: "completed", n: ORDERS + 1 }]);
    expect(inDb((db) => db.prepare("SELECT count(*) AS n FROM timers WHERE name LIKE 'flow:%'").get())).toEqual({ n: 0 });

    // --- the outbox and Slack: every action delivered at least once, resends explained ---
    const expectedKeys = [...[...Array(ORDERS).keys()].flatMap((i) => STEPS.map((s) => keyOf(i, s))), ...STEPS.map((s) => `${FLOW_ID}:event:shopify:crash-window-probe:${s}`)].sort();
    const outbox = inDb((db) => db.prepare("SELECT idempotency_key AS k, status FROM outbox ORDER BY idempotency_key").all() as Array<{ k: string; status: string }>);
    expect(outbox.map((r) => r.k)).toEqual(expectedKeys);
    expect(outbox.every((r) => r.status === "delivered")).toBe(true);
    expect([...slack.keyCounts.keys()].sort()).toEqual(expectedKeys);

    const epochOf = (i: number) => boundaries.filter((b) => b <= i).length;
    const receipts = new Map<string, number[]>();
    slack.messages.forEach((m, i) => receipts.set(m.idempotencyKey!, [...(receipts.get(m.idempotencyKey!) ?? []), epochOf(i)]));
    const unexplained: string[] = [];
    for (const [key, epochs] of receipts) {
      for (let j = 0; j + 1 < epochs.length; j++) {
        // An earlier copy must come from a boot that was killed with this action in_flight, and
        // the next copy from a later boot: never two sends of one key by one boot.
        const e = epochs[j]!;
        if (!(epochs[j + 1]! > e && leftInFlight[e]?.has(key))) unexplained.push(`${key} received in boots ${epochs.join(", ")}`);
      }
    }
    expect(unexplained).toEqual([]);

    // Every kill fell between flow steps: work was still to come.
    expect(outstandingAtKill.every((n) => n > 0), `outstanding at each kill: ${outstandingAtKill.join(", ")}`).toBe(true);
    expect(window).not.toBeNull();

    const actions = expectedKeys.length;
    const acked = acks.size + 1;
    console.log(
      `crash: ${KILLS} kills, ${acked} webhooks acked, ${actions} actions, ${slack.duplicates} duplicates` +
        ` (${failures.refused} refused and ${failures.notReady} 503 webhook attempts retried; ${[...acks.values()].filter((s) => s === "duplicate").length} acked as duplicate; requeued after kills: ${leftInFlight.map((s) => s.size).join(", ")}; outstanding actions at each kill: ${outstandingAtKill.join(", ")})`,
    );
  }, 110_000);
});
