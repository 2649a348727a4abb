import type { Store } from "../../../src/store/port.js";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { bearer } from "../../helpers/harness.js";
import { registerReplayRoutes } from "../../../src/server/replay-routes.js";
import { defaultShopSettings } from "../../../src/core/settings.js";
import { REPLAY_MAX_EVENTS, TIMING_FIELDS, type ReplayResult } from "../../../src/flows/replay/replay.js";
import { ReplayOutOfMemoryError } from "../../../src/server/replay-thread.js";
import { ActionCatalog } from "../../../src/flows/catalog/registry.js";
import { deliveredFlow, engineFor, flowsDir, lateAlertFlow, replayWith, useHistory } from "./history.js";

describe("POST /api/replay", () => {
  const history = useHistory({ "late.yaml": lateAlertFlow() });
  const post = (payload: unknown, headers: Record<string, string> = bearer) => history().app.server.inject({ method: "POST", url: "/api/replay", payload: payload as object, headers });

  it("needs the API token", async () => {
    const res = await post({ from: "2026-11-01", to: "2026-11-30" }, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("TOKEN_INVALID");
  });

  it("answers 400 with what to fix for dates it cannot read", async () => {
    const missing = await post({ to: "2026-11-30" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toEqual({ code: "BAD_REQUEST", message: "from: is missing: give a date (2026-11-02) or an instant with its offset" });
    const bad = await post({ from: "2026-11-01", to: "next tuesday" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('to "next tuesday" is not a date (2026-11-02) or an instant with its offset');
    const backwards = await post({ from: "2026-11-30", to: "2026-11-01" });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toMatch(/^from \(2026-11-30T00:00:00.000Z\) is after to/);
    const flow = await post({ from: "2026-11-01", to: "2026-11-30", flow: "Late Alert!" });
    expect(flow.statusCode).toBe(400);
    expect(flow.json().error.message).toMatch(/^flow: a flow or rule id/);
  });

  it("answers 422 to a window holding more events than one replay takes, and replays none of it", async () => {
    const h = history();
    const app = Fastify();
    registerReplayRoutes(app, { store: h.app.store, engine: h.app.flows, settingsFor: () => defaultShopSettings, maxEvents: 9 });
    try {
      const res = await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-30" } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toEqual({
        code: "REPLAY_WINDOW_TOO_LARGE",
        message: "the window 2026-11-01T00:00:00.000Z … 2026-11-30T23:59:59.999Z holds 10 events, more than the 9 one replay takes (a replay holds its window's events in memory, about 3 kB each): replay it in shorter windows (or with `firebreak replay --max-events`, outside the server)",
      });
      const smaller = await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-03" } });
      expect(smaller.statusCode, smaller.body).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("answers 422, not 500, when webhooks tip the window over the limit between its check and the replay's own", async () => {
    const h = history();
    let counts = 0;
    // The first count (the route's) sees the window before the webhooks; the replay's sees all 10 events.
    const store = new Proxy(h.app.store, {
      get: (t, k, receiver) => {
        const v: unknown = Reflect.get(t, k);
        if (k === "readSnapshot") return (read: (view: Store) => Promise<unknown>) => read(receiver as Store);
        if (k === "countEventsBySourceTime") return async (...a: Parameters<typeof t.countEventsBySourceTime>) => (counts++ === 0 ? 1 : t.countEventsBySourceTime(...a));
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    const app = Fastify();
    registerReplayRoutes(app, { store, engine: h.app.flows, settingsFor: () => defaultShopSettings, maxEvents: 9 });
    try {
      const res = await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-30" } });
      // The route's count, then the replay's two: every event of the window, over the limit, then without the clock's firings.
      expect(counts).toBe(3);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe("REPLAY_WINDOW_TOO_LARGE");
      expect(res.json().error.message).toMatch(/^the window .* holds 10 events, more than the 9 one replay takes .*\(or with `firebreak replay --max-events`, outside the server\)$/);
    } finally {
      await app.close();
    }
  });

  it("answers 422 REPLAY_OUT_OF_MEMORY when the replay's thread runs out of memory", async () => {
    const h = history();
    const app = Fastify();
    let asked: unknown = null;
    const runner = {
      run: async (request: unknown) => {
        asked = request;
        throw new ReplayOutOfMemoryError(512);
      },
      close: async () => {},
    };
    registerReplayRoutes(app, { store: h.app.store, engine: h.app.flows, settingsFor: () => defaultShopSettings, runner });
    try {
      const res = await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-03", flow: "late-alert" } });
      expect(asked).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-03T23:59:59.999Z", flowId: "late-alert", maxEvents: REPLAY_MAX_EVENTS, changedFlows: [] });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toEqual({
        code: "REPLAY_OUT_OF_MEMORY",
        message: "the replay needed more than the 512 MB of memory a replay may use in the server: replay a shorter window (or with `firebreak replay`, outside the server)",
      });
      // The route is free again: the next replay is asked for, not refused as one in progress.
      expect((await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-03" } })).json().error.code).toBe("REPLAY_OUT_OF_MEMORY");
    } finally {
      await app.close();
    }
  });

  it("replays the window through the live flows and returns the result: nothing differs", async () => {
    const res = await post({ from: "2026-11-01", to: "2026-11-30T23:59:59Z", flow: "late-alert" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ flowId: "late-alert", eventsReplayed: 10, ordersTouched: 3, diff: { added: [], removed: [], changed: [] }, summary: { byKind: { run: { unchanged: 4 } } } });
    expect(typeof body.durationMs).toBe("number");
  });

  it("replays through changed flows sent with the request, as a flows folder holding them would", async () => {
    const files = { "late.yaml": lateAlertFlow({ minTotal: "300.0", version: 2 }), "delivered.yaml": deliveredFlow };
    const res = await post({ from: "2026-11-01", to: "2026-11-30", flows: Object.entries(files).map(([file, yaml]) => ({ file, yaml })) });
    expect(res.statusCode, res.body).toBe(200);
    const expected = await replayWith(history(), engineFor(flowsDir(files)));
    expect(expected.summary.added + expected.summary.removed + expected.summary.changed).toBeGreaterThan(0);
    const body = res.json() as ReplayResult;
    for (const f of TIMING_FIELDS) delete (body as Partial<ReplayResult>)[f];
    for (const f of TIMING_FIELDS) delete (expected as Partial<ReplayResult>)[f];
    expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
    // The live flows are unchanged: the next replay without files finds nothing to tell apart.
    const live = await post({ from: "2026-11-01", to: "2026-11-30" });
    expect(live.json().summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
  });

  it("checks changed flows against the live flows' catalog, not a catalog of its own", async () => {
    const h = history();
    const app = Fastify();
    // A catalog without alert.team: the same flow the built-in catalog takes is refused here.
    registerReplayRoutes(app, { store: h.app.store, engine: h.app.flows, settingsFor: () => defaultShopSettings, catalog: new ActionCatalog() });
    try {
      const res = await app.inject({ method: "POST", url: "/api/replay", payload: { from: "2026-11-01", to: "2026-11-30", flows: [{ file: "late.yaml", yaml: lateAlertFlow() }] } });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toMatch(/^late\.yaml:\d+:\d+ steps\.0\.action: ACTION_UNKNOWN — no action "alert\.team" in the catalog/);
    } finally {
      await app.close();
    }
  });

  it("answers 422 FLOWS_INVALID with each error's file, line and key, and 400 to a file that is no flow file", async () => {
    const broken = lateAlertFlow().replace("order.total_price >= 100.0", "order.total_price >=").replace("action: alert.team", "action: alert.teem");
    const res = await post({ from: "2026-11-01", to: "2026-11-30", flows: [{ file: "late.yaml", yaml: broken }, { file: "twice.yml", yaml: lateAlertFlow() }] });
    expect(res.statusCode).toBe(422);
    const { code, message } = res.json().error as { code: string; message: string };
    expect(code).toBe("FLOWS_INVALID");
    const errors = message.split("; ");
    expect(errors.some((e) => /^late\.yaml:\d+:\d+ conditions\.0: /.test(e)), message).toBe(true);
    expect(errors.some((e) => /^late\.yaml:\d+:\d+ steps\.0\.action: .*alert\.team/.test(e)), message).toBe(true);
    const named = await post({ from: "2026-11-01", to: "2026-11-30", flows: [{ file: "../flows/late.yaml", yaml: lateAlertFlow() }] });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.message).toMatch(/^flows\.0\.file: a file name such as late-alert\.yaml/);
  });
});
