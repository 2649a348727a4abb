import type { Config } from "../config/schema.js";
import { defaultShopSettings } from "../core/settings.js";
import { setUpFlows } from "../flows/flow-setup.js";
import { checkWindowSize, parseReplayWindow, replay, REPLAY_MAX_EVENTS, type DiffEntry, type FieldChange, type ReplayResult } from "../flows/replay/replay.js";
import { builtInFlows, builtInRules } from "../layers/built-in.js";
import { openStore } from "../store/open-store.js";
import { storeConfigOf } from "../config/store-config.js";
import { configOrExit } from "./config-from-cli.js";
import { compiledReplayHelperWorker, defaultReplayThreads, replayHelperThreads } from "../server/replay-helpers.js";
import { replaySpecOf } from "../server/replay-spec.js";

/** The flags as commander hands them over. */
export interface ReplayCliOptions {
  from?: string;
  to?: string;
  flow?: string;
  flowsDir?: string;
  json?: boolean;
  /** Commander hands the flag over as text. */
  maxEvents?: string;
  /** Commander hands the flag over as text. */
  threads?: string;
  config?: string;
  dataDir?: string;
}

export type ReplayArgs =
  | { ok: true; from: string; to: string; flow: string | undefined; flowsDir: string | undefined; json: boolean; maxEvents: number; threads: number }
  | { ok: false; code: string; message: string };

/** The most threads `--threads` takes: more than any machine this runs on has cores. */
export const MAX_REPLAY_THREADS = 64;

/** Checks the flags before anything is opened. `--threads` is `defaultThreads` (half the cores) unless given. */
export function parseReplayArgs(opts: ReplayCliOptions, defaultThreads = defaultReplayThreads()): ReplayArgs {
  const w = parseReplayWindow(opts.from, opts.to, { from: "--from", to: "--to" });
  if (!w.ok) return { ok: false, code: w.code, message: w.message };
  if (opts.flow !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(opts.flow)) return { ok: false, code: "REPLAY_FLOW_INVALID", message: `--flow "${opts.flow}" is not a flow or rule id ([a-z0-9][a-z0-9-]*)` };
  if (opts.flowsDir !== undefined && opts.flowsDir.trim() === "") return { ok: false, code: "REPLAY_FLOWS_DIR_INVALID", message: "--flows-dir is empty" };
  const maxEvents = opts.maxEvents === undefined ? REPLAY_MAX_EVENTS : /^\d+$/.test(opts.maxEvents.trim()) ? Number(opts.maxEvents.trim()) : Number.NaN;
  if (!Number.isSafeInteger(maxEvents) || maxEvents < 1) return { ok: false, code: "REPLAY_MAX_EVENTS_INVALID", message: `--max-events "${opts.maxEvents}" is not a whole number of events (at least 1)` };
  const threads = opts.threads === undefined ? Math.min(defaultThreads, MAX_REPLAY_THREADS) : /^\d+$/.test(opts.threads.trim()) ? Number(opts.threads.trim()) : Number.NaN;
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_REPLAY_THREADS) return { ok: false, code: "REPLAY_THREADS_INVALID", message: `--threads "${opts.threads}" is not a number of threads from 1 to ${MAX_REPLAY_THREADS}` };
  return { ok: true, from: w.from, to: w.to, flow: opts.flow, flowsDir: opts.flowsDir, json: opts.json === true, maxEvents, threads };
}

/** `\r[#####     ] 52% 10400/20000 events` */
export function progressBar(done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} events`;
}

const SIGN = { added: "+", removed: "-", changed: "~" } as const;
/** At one instant: what was decided, then the run, then what it enqueued. */
const KIND_ORDER = { decision: 0, run: 1, action: 2 } as const;

function shown(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map(shown).join(", ") : "(none)";
  if (v === undefined) return "(absent)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function entryLines(sign: keyof typeof SIGN, e: DiffEntry): string[] {
  const lines = [`${SIGN[sign]} ${e.kind.padEnd(8)} ${e.source}  order ${e.orderId ?? "-"}  ${e.at}  ${e.what}`];
  for (const c of e.changes ?? ([] as FieldChange[])) lines.push(`    ${c.field}: ${shown(c.reality)} → ${shown(c.replay)}`);
  lines.push(`    why: ${e.explanation}`);
  if (e.was) lines.push(`    was: ${e.was}`);
  return lines;
}

/** The diff for a person: one block per difference, in source-time order, then the counts. */
export function formatReplay(r: ReplayResult): string {
  const out: string[] = [];
  out.push(`replay ${r.window.from} … ${r.window.to}${r.flowId ? `, flow ${r.flowId}` : ""}${r.window.horizon ? ` (clock ran to ${r.window.horizon})` : ""}`);
  out.push(`${r.eventsReplayed} events, ${r.timersFired} timers, ${r.ordersTouched} orders in ${Math.round(r.durationMs)} ms (${Math.round(r.eventsPerSecond)} events/s)`);
  const on = `on ${r.threads} thread${r.threads === 1 ? "" : "s"}`;
  out.push(r.groups.by === "customer" ? `replayed in ${r.groups.count} group(s) of customers no flow can see across, each in a store of its own, ${on}` : `replayed as one store for the whole shop, ${on}: ${r.groups.reason}`);
  out.push(`folded in the live worker's own steps: ${r.folded.inLiveSteps} events${r.folded.byArrival > 0 ? `; one arrival at a time, their step not recorded (stored before steps were kept): ${r.folded.byArrival}` : ""}${r.folded.notYet > 0 ? `; left out, not folded by the live worker yet (nothing decided on them): ${r.folded.notYet}` : ""}`);
  out.push("");
  const all = [
    ...r.diff.added.map((e) => ["added", e] as const),
    ...r.diff.removed.map((e) => ["removed", e] as const),
    ...r.diff.changed.map((e) => ["changed", e] as const),
  ].sort(([, a], [, b]) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  for (const [sign, e] of all) out.push(...entryLines(sign, e));
  const s = r.summary;
  if (all.length === 0) out.push(r.window.horizon === null ? "no events in this window" : `no differences: the replay decides what happened (${s.unchanged} records compared)`);
  else out.push("");
  const kinds = (["decision", "run", "action"] as const).map((k) => `${k}s +${s.byKind[k].added} -${s.byKind[k].removed} ~${s.byKind[k].changed} =${s.byKind[k].unchanged}`);
  out.push(`summary: ${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.unchanged} unchanged (${kinds.join("; ")})`);
  return `${out.join("\n")}\n`;
}

export interface ReplayIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Opens the configured store, builds the flows (the configured folder or `--flows-dir`), replays, prints. Returns the exit code. */
export async function runReplay(args: Extract<ReplayArgs, { ok: true }>, config: Config, io: ReplayIo): Promise<number> {
  const setup = setUpFlows({
    flowsDir: args.flowsDir ?? config.flowsDir,
    policyFile: config.policyFile,
    builtIn: builtInFlows,
    disabled: new Map(config.shops.map((s) => [s.domain, new Set(s.disabledFlows)])),
  });
  if (!setup.ok) {
    io.stderr(`firebreak replay: the flows did not load:\n${setup.errors.map((e) => `  - ${e}`).join("\n")}\n`);
    return 2;
  }
  const known = new Set([...setup.engine.flows.map((f) => f.id), ...builtInRules.map((r) => r.id)]);
  if (args.flow && !known.has(args.flow)) io.stderr(`firebreak replay: note: no flow or rule "${args.flow}" in the replayed set; only what reality did is listed\n`);

  const settings = new Map(config.shops.map((s) => [s.domain, s.settings]));
  const store = await openStore(storeConfigOf(config));
  // Threads beside this one, started now so their modules load while this one reads the window; none when running from the sources (the tests).
  const workerUrl = compiledReplayHelperWorker();
  const threads = workerUrl && args.threads > 1
    ? replayHelperThreads(replaySpecOf(config, setup), args.threads - 1, workerUrl)
    : null;
  try {
    const size = await checkWindowSize(store, args, args.maxEvents);
    if (!size.ok) {
      io.stderr(`firebreak replay: ${size.message}, or raise --max-events if this machine has the memory\n`);
      return 2;
    }
    let shownPercent = -1;
    const result = await replay({
      maxEvents: args.maxEvents,
      source: store,
      from: args.from,
      to: args.to,
      flowId: args.flow,
      engine: setup.engine,
      rules: builtInRules,
      settingsFor: (shop) => settings.get(shop) ?? defaultShopSettings,
      helpers: threads?.helpers ?? [],
      onProgress: (done, total) => {
        const percent = total ? Math.floor((done / total) * 100) : 100;
        if (percent === shownPercent && done !== total) return;
        shownPercent = percent;
        io.stderr(progressBar(done, total));
      },
    });
    if (shownPercent >= 0) io.stderr("\n");
    io.stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatReplay(result));
    return 0;
  } finally {
    await threads?.close();
    await store.close();
  }
}

export async function replayCommand(opts: ReplayCliOptions): Promise<void> {
  const args = parseReplayArgs(opts);
  if (!args.ok) {
    process.stderr.write(`firebreak replay: ${args.message}\nusage: firebreak replay --from DATE --to DATE [--flow ID] [--flows-dir DIR] [--json] [--max-events N] [--threads N]\n`);
    process.exitCode = 2;
    return;
  }
  const config = configOrExit(opts, process.env);
  process.exitCode = await runReplay(args, config, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
