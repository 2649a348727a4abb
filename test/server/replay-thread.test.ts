import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compiledSrc } from "../helpers/compiled-src.js";
import { bearer, SHOP, shopifyHeaders } from "../helpers/harness.js";
import { orderBody } from "../helpers/payloads.js";
import { deliveredFlow, flowsDir, lateAlertFlow, useHistory } from "../flows/replay/history.js";
import { ReplayOutOfMemoryError, threadReplayRunner, type ReplayThreadEvent, type SetTimer } from "../../src/server/replay-thread.js";
import type { ReplayThreadSpec } from "../../src/server/replay-spec.js";
import { inProcessReplayRunner, type ReplayRequest } from "../../src/flows/replay/runner.js";
import { REPLAY_MAX_EVENTS, TIMING_FIELDS, type ReplayResult } from "../../src/flows/replay/replay.js";
import { setUpFlows } from "../../src/flows/flow-setup.js";
import { builtInFlows, builtInRules } from "../../src/layers/built-in.js";
import { defaultShopSettings } from "../../src/core/settings.js";

// The worker runs outside vitest, so it is the compiled one (built once, before the history).
let workerUrl: URL | undefined;
beforeAll(() => {
  workerUrl = pathToFileURL(compiledSrc(join("server", "replay-worker.js")));
}, 180_000);
const history = useHistory({ "late.yaml": lateAlertFlow() }, { replayWorker: () => workerUrl! });

const WINDOW: ReplayRequest = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T23:59:59.999Z", maxEvents: REPLAY_MAX_EVENTS };

/** Two replays differ only in how long they took. */
function outcome(r: ReplayResult): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  for (const f of TIMING_FIELDS) delete out[f];
  return out;
}

/** A changed set of flows (a higher bar for the alert, a flow reality never had), one shop's flows switched off. */
function changedFlows(disabled: string[] = []) {
  const setup = setUpFlows({
    flowsDir: flowsDir({ "late.yaml": lateAlertFlow({ minTotal: "300.0", version: 2 }), "delivered.yaml": deliveredFlow }),
    builtIn: builtInFlows,
    disabled: new Map([[SHOP, new Set(disabled)]]),
  });
  if (!setup.ok) throw new Error(setup.errors.join("\n"));
  const spec: ReplayThreadSpec = {
    store: { kind: "sqlite", dataDir: history().dir },
    flows: setup.definitions,
    policy: setup.policy,
    disabled: [[SHOP, disabled]],
    settings: [[SHOP, defaultShopSettings]],
  };
  const here = inProcessReplayRunner({ source: history().app.store, engine: setup.engine, rules: builtInRules, settingsFor: () => defaultShopSettings });
  return { spec, here };
}

/** How many times this thread's event loop turned while `run` was in flight. */
async function turnsDuring(run: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    await run();
  } finally {
    done = true;
  }
  return turns;
}

describe("replays in a worker thread", () => {
  it("replays what this thread replays: the same flows, policy, switched-off flows and settings, from its own connection", async () => {
    for (const disabled of [[], ["late-alert"]]) {
      const { spec, here } = changedFlows(disabled);
      const thread = threadReplayRunner(spec, { workerUrl: workerUrl! });
      try {
        const expected = await here.run(WINDOW);
        const got = await thread.run(WINDOW);
        // Something to agree on: the changed flows decide differently from reality.
        expect(expected.summary.added + expected.summary.removed + expected.summary.changed).toBeGreaterThan(0);
        expect(outcome(got)).toEqual(outcome(expected));
        const narrowed = { ...WINDOW, flowId: "late-alert" };
        expect(outcome(await thread.run(narrowed))).toEqual(outcome(await here.run(narrowed)));
      } finally {
        await thread.close();
      }
    }
  });

  it("leaves this thread free while it replays, where a replay in this thread holds it to the end", async () => {
    const { spec, here } = changedFlows();
    const thread = threadReplayRunner(spec, { workerUrl: workerUrl! });
    try {
      expect(await turnsDuring(() => thread.run(WINDOW))).toBeGreaterThan(50);
      // Why the thread: in this thread nothing else runs until the replay has answered.
      expect(await turnsDuring(() => here.run(WINDOW))).toBeLessThanOrEqual(1);
    } finally {
      await thread.close();
    }
  });

  it("answers a thread that runs out of memory with REPLAY_OUT_OF_MEMORY, and the next replay gets a thread of its own", async () => {
    const { spec } = changedFlows();
    const thread = threadReplayRunner(spec, { workerUrl: workerUrl!, maxOldGenerationSizeMb: 4 });
    try {
      await expect(thread.run(WINDOW)).rejects.toThrow(ReplayOutOfMemoryError);
      const again = await thread.run(WINDOW).then(
        () => null,
        (e: unknown) => e,
      );
      expect(again).toBeInstanceOf(ReplayOutOfMemoryError);
      expect((again as ReplayOutOfMemoryError).message).toBe("the replay needed more than the 4 MB of memory a replay may use in the server");
    } finally {
      await thread.close();
    }
  });

  it("rejects a replay in flight when the runner closes, and starts a new thread for the next", async () => {
    const { spec, here } = changedFlows();
    const thread = threadReplayRunner(spec, { workerUrl: workerUrl! });
    const inFlight = thread.run(WINDOW).then(
      () => null,
      (e: unknown) => e,
    );
    await thread.close();
    expect(await inFlight).toEqual(new Error("the replay was stopped before it answered: the server is closing"));
    try {
      expect(outcome(await thread.run(WINDOW))).toEqual(outcome(await here.run(WINDOW)));
    } finally {
      await thread.close();
    }
  });

  it("ends its thread once idle for idleMs (a replay's heap stays resident until then), and starts another for the next replay", async () => {
    const { spec, here } = changedFlows();
    const timers: Array<{ fire(): void; ms: number; cancelled: boolean }> = [];
    const setTimer: SetTimer = (fire, ms) => {
      const t = { fire, ms, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    };
    const events: ReplayThreadEvent[] = [];
    let ended = () => {};
    const thread = threadReplayRunner(spec, {
      workerUrl: workerUrl!,
      idleMs: 60_000,
      setTimer,
      onThread: (e) => {
        events.push(e);
        if (e.kind === "ended") ended();
      },
    });
    try {
      const expected = outcome(await here.run(WINDOW));
      expect(outcome(await thread.run(WINDOW))).toEqual(expected);
      expect(timers.map((t) => [t.ms, t.cancelled])).toEqual([[60_000, false]]);
      // A replay within the idle time calls the timer off, and the same thread answers it.
      expect(outcome(await thread.run(WINDOW))).toEqual(expected);
      expect(timers.map((t) => t.cancelled)).toEqual([true, false]);
      expect(events).toEqual([{ kind: "started" }]);

      const gone = new Promise<void>((resolve) => (ended = resolve));
      timers[1]!.fire();
      await gone;
      expect(events).toEqual([{ kind: "started" }, { kind: "ended", why: "idle", exitCode: 0 }]);
      expect(outcome(await thread.run(WINDOW))).toEqual(expected);
      expect(events.slice(2)).toEqual([{ kind: "started" }]);
    } finally {
      await thread.close();
    }
    expect(events.slice(3)).toEqual([{ kind: "ended", why: "closing", exitCode: 0 }]);
  });

  it("through the API: a webhook is acknowledged while a replay runs, a second replay is told to wait, and the first answers", async () => {
    const h = history();
    const expected = await inProcessReplayRunner({ source: h.app.store, engine: h.app.flows, rules: builtInRules, settingsFor: () => defaultShopSettings }).run(WINDOW);
    let replayed = false;
    const first = h.app.server.inject({ method: "POST", url: "/api/replay", headers: bearer, payload: { from: WINDOW.from, to: WINDOW.to } }).then((res) => {
      replayed = true;
      return res;
    });

    // A December order: outside the window, so the replay's answer does not depend on when it landed.
    const body = orderBody({ createdAt: "2026-12-01T09:00:00.000Z", id: "820982911946155999" });
    const hook = await h.app.server.inject({ method: "POST", url: "/webhooks/shopify", payload: body, headers: shopifyHeaders("orders/create", body, { webhookId: "w-during-replay" }) });
    expect(hook.statusCode, hook.body).toBe(200);
    const second = await h.app.server.inject({ method: "POST", url: "/api/replay", headers: bearer, payload: { from: "2026-11-02", to: "2026-11-03" } });
    expect(replayed).toBe(false);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toEqual({
      code: "REPLAY_IN_PROGRESS",
      message: "a replay of 2026-11-01T00:00:00.000Z … 2026-11-30T23:59:59.999Z is running, and the server runs one at a time: ask again when it has answered",
    });

    const res = await first;
    expect(res.statusCode, res.body).toBe(200);
    expect(outcome(res.json() as ReplayResult)).toEqual(outcome(expected));
    const after = await h.app.server.inject({ method: "POST", url: "/api/replay", headers: bearer, payload: { from: "2026-11-02", to: "2026-11-03" } });
    expect(after.statusCode, after.body).toBe(200);

    // Changed flows sent with a replay cross to the thread and are replayed there.
    const files = { "late.yaml": lateAlertFlow({ minTotal: "300.0", version: 2 }), "delivered.yaml": deliveredFlow };
    const changed = await h.app.server.inject({ method: "POST", url: "/api/replay", headers: bearer, payload: { from: WINDOW.from, to: WINDOW.to, flows: Object.entries(files).map(([file, yaml]) => ({ file, yaml })) } });
    expect(changed.statusCode, changed.body).toBe(200);
    const { here } = changedFlows();
    const expectedChanged = await here.run(WINDOW);
    expect(expectedChanged.summary.added + expectedChanged.summary.removed + expectedChanged.summary.changed).toBeGreaterThan(0);
    expect(outcome(changed.json() as ReplayResult)).toEqual(outcome(expectedChanged));
  });
});
