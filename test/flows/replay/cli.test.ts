import { describe, expect, it } from "vitest";
import { formatReplay, parseReplayArgs, progressBar, runReplay } from "../../../src/cli/replay.js";
import { defaultReplayThreads } from "../../../src/server/replay-helpers.js";
import type { ReplayResult } from "../../../src/flows/replay/replay.js";
import { flowsDir, lateAlertFlow, ORDERS, useHistory } from "./history.js";

describe("firebreak replay: arguments", () => {
  it("needs both ends of the window, as dates or instants with an offset", () => {
    expect(parseReplayArgs({ to: "2026-11-05" })).toMatchObject({ ok: false, code: "REPLAY_DATE_INVALID", message: expect.stringMatching(/^--from is missing/) });
    expect(parseReplayArgs({ from: "2026-11-02", to: "soon" })).toMatchObject({ ok: false, message: expect.stringContaining('--to "soon" is not a date') });
    expect(parseReplayArgs({ from: "2026-11-09", to: "2026-11-02" })).toMatchObject({ ok: false, code: "REPLAY_WINDOW_EMPTY", message: expect.stringMatching(/^--from \(2026-11-09.*\) is after --to/) });
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", flow: "Late Alert" })).toMatchObject({ ok: false, code: "REPLAY_FLOW_INVALID" });
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", flowsDir: " " })).toMatchObject({ ok: false, code: "REPLAY_FLOWS_DIR_INVALID" });
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", flow: "late-alert", json: true }, 3)).toEqual({ ok: true, from: "2026-11-02T00:00:00.000Z", to: "2026-11-05T23:59:59.999Z", flow: "late-alert", flowsDir: undefined, json: true, maxEvents: 250_000, threads: 3 });
  });

  it("takes --max-events as a whole number of events, at least 1", () => {
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", maxEvents: "250000" })).toMatchObject({ ok: true, maxEvents: 250_000 });
    for (const bad of ["0", "-5", "1e6", "lots", "", "2.5"]) {
      expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", maxEvents: bad })).toEqual({ ok: false, code: "REPLAY_MAX_EVENTS_INVALID", message: `--max-events "${bad}" is not a whole number of events (at least 1)` });
    }
  });

  it("takes --threads from 1 to 64, half the cores unless given", () => {
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", threads: " 4 " })).toMatchObject({ ok: true, threads: 4 });
    expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05" }, 200)).toMatchObject({ ok: true, threads: 64 });
    for (const bad of ["0", "65", "-1", "two", "", "1.5"]) {
      expect(parseReplayArgs({ from: "2026-11-02", to: "2026-11-05", threads: bad })).toEqual({ ok: false, code: "REPLAY_THREADS_INVALID", message: `--threads "${bad}" is not a number of threads from 1 to 64` });
    }
    expect([1, 2, 3, 8].map((cores) => defaultReplayThreads(cores))).toEqual([1, 1, 1, 4]);
  });

  it("draws a progress bar without a dependency", () => {
    expect(progressBar(10_400, 20_000)).toBe("\r[##########          ]  52% 10400/20000 events");
    expect(progressBar(0, 0)).toBe("\r[####################] 100% 0/0 events");
  });
});

describe("firebreak replay against the configured store", () => {
  const history = useHistory({ "late.yaml": lateAlertFlow() });

  const run = async (opts: Record<string, unknown>) => {
    const out: string[] = [];
    const err: string[] = [];
    const args = parseReplayArgs({ from: "2026-11-01", to: "2026-11-30", ...opts });
    if (!args.ok) throw new Error(args.message);
    const code = await runReplay(args, history().app.config, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, stdout: out.join(""), stderr: err.join("") };
  };

  it("with the configured flows: no differences, and a progress bar on stderr", async () => {
    const r = await run({});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^replay 2026-11-01T00:00:00.000Z … 2026-11-30T23:59:59.999Z \(clock ran to 2026-11-13T00:00:00.000Z\)\n10 events, \d+ timers, 3 orders in \d+ ms \(\d+ events\/s\)\nreplayed in 1 group\(s\) of customers no flow can see across, each in a store of its own, on 1 thread\nfolded in the live worker's own steps: 10 events\n/);
    expect(r.stdout).toMatch(/no differences: the replay decides what happened \(\d+ records compared\)/);
    expect(r.stderr).toContain("\r[####################] 100% 10/10 events\n");
  });

  it("says when a flow's limit counts the whole shop, so the replay runs as one store", async () => {
    const rated = lateAlertFlow().replace("steps:", "limits: { rate: { max: 50, per: 1h } }\nsteps:");
    const r = await run({ flowsDir: flowsDir({ "late.yaml": rated }) });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[2]).toBe("replayed as one store for the whole shop, on 1 thread: flow late-alert has a rate limit (50 per 1h), which counts its runs across the whole shop");
  });

  it("--flows-dir tries a changed set and prints each difference with its reason", async () => {
    const r = await run({ flowsDir: flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }) }) });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain(`- action   late-alert  order ${ORDERS.big.id}  2026-11-10T23:59:59.999Z  alert.team (step tell-team) {"text":"Late: #9999 (transit_stalled, ${ORDERS.big.tracking})"}`);
    expect(lines).toContain("    why: not run because order.total_price is 404.95, expected >= 500.0");
    expect(lines).toContain(`~ run      late-alert  order ${ORDERS.big.id}  2026-11-10T23:59:59.999Z  run skipped on signal.raised transit_stalled`);
    expect(lines).toContain("    status: completed → skipped");
    expect(lines).toContain("    steps: tell-team:done, pause:done, follow-up:done → (none)");
    expect(lines.at(-2)).toMatch(/^summary: 0 added, 4 removed, 2 changed, \d+ unchanged \(decisions \+0 -0 ~0 =\d+; runs \+0 -0 ~2 =\d+; actions \+0 -4 ~0 =\d+\)$/);
  });

  it("--json prints the result", async () => {
    const r = await run({ json: true, flow: "late-alert", flowsDir: flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "500.0" }) }) });
    const result = JSON.parse(r.stdout) as ReplayResult;
    expect(result).toMatchObject({ flowId: "late-alert", eventsReplayed: 10, summary: { removed: 4, changed: 2 } });
    expect(formatReplay(result)).toContain(", flow late-alert (clock ran to");
  });

  it("a flows folder that does not load is refused with every problem, before the store is read", async () => {
    const r = await run({ flowsDir: flowsDir({ "late.yaml": lateAlertFlow().replace("alert.team", "alert.teem") }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the flows did not load:\n {2}- .*late\.yaml:\d+:\d+ steps\.0\.action: ACTION_UNKNOWN/);
    expect(r.stdout).toBe("");
  });

  it("refuses a window holding more events than --max-events, before reading any, and says how to go on", async () => {
    const r = await run({ maxEvents: "9" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "firebreak replay: the window 2026-11-01T00:00:00.000Z … 2026-11-30T23:59:59.999Z holds 10 events, more than the 9 one replay takes (a replay holds its window's events in memory, about 3 kB each): replay it in shorter windows, or raise --max-events if this machine has the memory\n",
    );
    expect(r.stdout).toBe("");
    expect((await run({ maxEvents: "10" })).code).toBe(0);
  });

  it("names a --flow that is not in the replayed set", async () => {
    const r = await run({ flow: "no-such-flow" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no flow or rule "no-such-flow" in the replayed set');
  });
});
