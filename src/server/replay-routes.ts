import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../store/port.js";
import type { ShopSettings } from "../core/settings.js";
import type { FlowEngine } from "../flows/engine/orchestrate.js";
import type { Rule } from "../flows/rule.js";
import { checkWindowSize, parseReplayWindow, REPLAY_MAX_EVENTS } from "../flows/replay/replay.js";
import { inProcessReplayRunner, type ReplayRunner } from "../flows/replay/runner.js";
import { builtInRules } from "../layers/built-in.js";
import { errorBody } from "./errors.js";
import type { ActionCatalog } from "../flows/catalog/registry.js";
import { builtInCatalog } from "../flows/catalog/built-in.js";
import { parseFlowFiles } from "../flows/definition/load-dir.js";
import { formatFlowError } from "../flows/definition/errors.js";
import { flowValidationContext } from "../flows/flow-setup.js";
import { ReplayOutOfMemoryError } from "./replay-thread.js";

export interface ReplayRoutesOptions {
  store: Store;
  /** The live flows: the API replays what runs now, or that with the flows a request sends in place of theirs. */
  engine: FlowEngine;
  /** The live rules; the built-in delivery rules (app.ts's default) when not given. */
  rules?: readonly Rule[] | undefined;
  settingsFor(shop: string): ShopSettings;
  /** The most events a window may hold (`REPLAY_MAX_EVENTS` unless given); larger windows are for the CLI. */
  maxEvents?: number;
  /**
   * Where replays run: the app's worker thread (replay-thread.ts), which its creator closes; in
   * this thread, through the options above, when not given.
   */
  runner?: ReplayRunner | undefined;
  /** What changed flows sent with a replay are checked against: the live flows' catalog (the built-in one unless given). */
  catalog?: ActionCatalog | undefined;
}

/** A flow file to try: its name (for the errors) and its YAML. */
const ChangedFlowFile = z.object({
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/, "a file name such as late-alert.yaml (letters, digits, . _ -; ending in .yaml or .yml)"),
  yaml: z.string().max(64 * 1024, "at most 64 kB per flow file"),
});

const ReplayBody = z.object({
  from: z.string({ error: "is missing: give a date (2026-11-02) or an instant with its offset" }),
  to: z.string({ error: "is missing: give a date (2026-11-05) or an instant with its offset" }),
  flow: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a flow or rule id ([a-z0-9][a-z0-9-]*)").optional(),
  /** Changed or new flows to replay through, each replacing the live flow with its id, as files in a flows folder would. */
  flows: z.array(ChangedFlowFile).max(50, "at most 50 flow files per replay").optional(),
});

const issues = (e: z.ZodError) => e.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");

/**
 * POST /api/replay — a dry run of a window of history through the live flows, or through them with
 * some flows changed (`flows`: files as a flows folder holds them), with the diff. Sends nothing.
 */
export function registerReplayRoutes(app: FastifyInstance, opts: ReplayRoutesOptions): void {
  const runner = opts.runner ?? inProcessReplayRunner({ source: opts.store, engine: opts.engine, rules: opts.rules ?? builtInRules, settingsFor: opts.settingsFor });
  // One replay at a time: each holds its window in memory, and a second would only wait for the same core.
  let running: string | null = null;
  const validation = flowValidationContext(opts.catalog ?? builtInCatalog());
  app.post("/api/replay", async (req, reply) => {
    const body = ReplayBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(body.error)));
    const w = parseReplayWindow(body.data.from, body.data.to);
    if (!w.ok) return reply.code(400).send(errorBody("BAD_REQUEST", w.message));
    // Changed flows are checked as a flows folder's are at boot, each error with its file, line and key.
    const changed = parseFlowFiles((body.data.flows ?? []).map((f) => ({ file: f.file, text: f.yaml })), validation);
    if (changed.errors.length) return reply.code(422).send(errorBody("FLOWS_INVALID", changed.errors.map(formatFlowError).join("; ")));
    // The replay runs inside the server that receives the webhooks: a window too large for memory is refused, not tried.
    const maxEvents = opts.maxEvents ?? REPLAY_MAX_EVENTS;
    const tooLarge = (message: string) => reply.code(422).send(errorBody("REPLAY_WINDOW_TOO_LARGE", `${message} (or with \`firebreak replay --max-events\`, outside the server)`));
    if (running !== null) return reply.code(409).send(errorBody("REPLAY_IN_PROGRESS", `a replay of ${running} is running, and the server runs one at a time: ask again when it has answered`));
    running = `${w.from} … ${w.to}`;
    try {
      const size = await checkWindowSize(opts.store, w, maxEvents);
      if (!size.ok) return tooLarge(size.message);
      return await runner.run({ from: w.from, to: w.to, flowId: body.data.flow, maxEvents, changedFlows: changed.flows });
    } catch (e) {
      // Webhooks arriving between the check above and the replay's own can still tip a window over.
      const prefix = "REPLAY_WINDOW_TOO_LARGE: ";
      if (e instanceof RangeError && e.message.startsWith(prefix)) return tooLarge(e.message.slice(prefix.length));
      if (e instanceof ReplayOutOfMemoryError) return reply.code(422).send(errorBody("REPLAY_OUT_OF_MEMORY", `${e.message}: replay a shorter window (or with \`firebreak replay\`, outside the server)`));
      throw e;
    } finally {
      running = null;
    }
  });
}
