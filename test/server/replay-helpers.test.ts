import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledSrc } from "../helpers/compiled-src.js";
import { removeTempFolders, tempFolder } from "../helpers/temp-files.js";
import { engineFor, flowsDir } from "../flows/replay/history.js";
import { changedReview, exampleFiles, ticketFlow, withTickets } from "../flows/replay/ticket-history.js";
import { benchEvents } from "../../src/bench/bench-events.js";
import { copyHistory } from "../../src/bench/copy-history.js";
import { defaultShopSettings } from "../../src/core/settings.js";
import { setUpFlows } from "../../src/flows/flow-setup.js";
import { simulate } from "../../src/flows/replay/simulate.js";
import { replay, TIMING_FIELDS, type ReplayHelper, type ReplayOptions, type ReplayResult } from "../../src/flows/replay/replay.js";
import { builtInFlows, builtInRules } from "../../src/layers/built-in.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from "../../src/store/sqlite/open.js";
import { replayHelperThreads } from "../../src/server/replay-helpers.js";
import type { ReplayThreadSpec } from "../../src/server/replay-spec.js";

/**
 * Threads beside the replay's own take chunks of its groups, each through the same flows with its
 * own connection to the store: the result is the one-thread result, whichever thread took which.
 */

const events = withTickets(benchEvents(2000));
const from = events[0]!.occurredAt;
const to = events.at(-1)!.occurredAt;
let workerUrl: URL;
let dataDir: string;
let source: SqliteStore;
let spec: ReplayThreadSpec;
let options: ReplayOptions;

beforeAll(async () => {
  workerUrl = pathToFileURL(compiledSrc(join("server", "replay-helper-worker.js")));
  const live = new MemoryStore();
  await simulate({ store: live, events, horizon: to, deps: { rules: builtInRules, settingsFor: () => defaultShopSettings, flows: engineFor(flowsDir({ ...exampleFiles, "ticket.yaml": ticketFlow(3) })), decide: true } });
  dataDir = tempFolder({}, "firebreak-replay-helpers-");
  source = await openSqliteStore({ file: join(dataDir, SQLITE_FILE_NAME) });
  await copyHistory(live, source);
  const setup = setUpFlows({ flowsDir: flowsDir({ ...exampleFiles, "review-request.yaml": changedReview, "ticket.yaml": ticketFlow(2) }), builtIn: builtInFlows });
  if (!setup.ok) throw new Error(setup.errors.join("\n"));
  spec = { store: { kind: "sqlite", dataDir }, flows: setup.definitions, policy: setup.policy, disabled: [], settings: [] };
  // Small chunks, so that both threads take several.
  options = { source, from, to, engine: setup.engine, rules: builtInRules, settingsFor: () => defaultShopSettings, chunkEvents: 150 };
}, 180_000);

afterAll(async () => {
  await source?.close();
  removeTempFolders();
});

const outcome = (r: ReplayResult) => {
  const copy: Record<string, unknown> = { ...r };
  for (const f of [...TIMING_FIELDS, "threads"]) delete copy[f];
  return copy;
};

/** A helper that counts the chunks it was handed. */
function counted(helper: ReplayHelper): ReplayHelper & { chunks: number; groups: number } {
  const c = {
    chunks: 0,
    groups: 0,
    run: (request: Parameters<ReplayHelper["run"]>[0]) => {
      c.chunks++;
      c.groups += request.groups.length;
      return helper.run(request);
    },
  };
  return c;
}

describe("a replay with helper threads", () => {
  it("decides what one thread decides, with the helper taking some of the chunks", async () => {
    const alone = await replay(options);
    const threads = replayHelperThreads(spec, 1, workerUrl);
    try {
      const helper = counted(threads.helpers[0]!);
      const together = await replay({ ...options, helpers: [helper] });
      expect(alone.summary.added + alone.summary.removed + alone.summary.changed).toBeGreaterThan(0);
      expect(together.threads).toBe(2);
      expect(alone.threads).toBe(1);
      expect(helper.chunks).toBeGreaterThan(0);
      expect(helper.groups).toBeLessThan(together.groups.count);
      expect(outcome(together)).toEqual(outcome(alone));
      // Reused for a second replay of a narrower comparison.
      const narrowed = { ...options, flowId: "repeat-customer-ticket" };
      expect(outcome(await replay({ ...narrowed, helpers: threads.helpers }))).toEqual(outcome(await replay(narrowed)));
    } finally {
      await threads.close();
    }
  }, 120_000);

  it("fails the replay with the helper's own error when it cannot replay, and stops the others from taking more", async () => {
    // Flows the helper cannot load: a step whose action no catalog has.
    const broken = { ...spec.flows[0]!, id: "broken", steps: [{ id: "nowhere", action: "no.such.action", input: {} }] } as unknown as (typeof spec.flows)[number];
    const threads = replayHelperThreads({ ...spec, flows: [...spec.flows, broken] }, 1, workerUrl);
    let progress = 0;
    try {
      await expect(replay({ ...options, helpers: threads.helpers, onProgress: (done) => (progress = done) })).rejects.toThrow(/a replay helper thread could not load the replay's flows:[\s\S]*no\.such\.action/);
      // This thread stopped taking chunks once the helper failed: the window was not all replayed.
      expect(progress).toBeLessThan(events.length);
    } finally {
      await threads.close();
    }
  }, 60_000);

  it("a helper whose thread has ended says so", async () => {
    const threads = replayHelperThreads(spec, 1, workerUrl);
    await threads.close();
    await expect(threads.helpers[0]!.run({ groups: [], from, horizon: to, flowId: undefined, replayedSources: [], ticks: [], seedSteps: { journeys: {}, runs: {}, holds: {}, holdReleases: {} } })).rejects.toThrow(/stopped \(exit code \d+\) before it answered/);
  }, 60_000);
});
