import { describe, expect, it } from "vitest";
import { builtInCatalog } from "../../../src/flows/catalog/built-in.js";
import { defaultPolicy } from "../../../src/flows/policy/default-policy.js";
import { createEngineServices } from "../../../src/flows/engine/create-services.js";
import { limitCountKey, orchestrate, type FlowDefLike, type FlowEngine } from "../../../src/flows/engine/orchestrate.js";
import { advance } from "../../../src/flows/engine/interpreter.js";
import type { FlowRun, RunTrigger } from "../../../src/flows/engine/run.js";

const services = createEngineServices(builtInCatalog(), defaultPolicy);
const SHOP = "snowdevil.myshopify.com";

function engineOf(...flows: FlowDefLike[]): FlowEngine {
  return { flows, services, enabledFor: () => true };
}

const baseCtx = (over: Record<string, unknown> = {}) => ({
  order: { id: "1001", name: "#1001", total_price: 42.0, cancelled_at: null, currency: "USD" },
  customer: { key: "c1", id: "c1", email: "ada@example.com", orders_count: 1, active_holds: 0 },
  shipment: { key: "1Z1", tag: "InTransit", tracking_number: "1Z1" },
  shop: { domain: SHOP },
  holds: [],
  tickets: [],
  ...over,
});

function trigger(type: string, key: string, at: string, facts: Record<string, unknown> = {}): RunTrigger {
  return { type, key, eventId: `evt-${key}`, occurredAt: at, shipmentKey: "1Z1", facts: { event: { type, occurred_at: at, ...facts } } };
}

function run(flows: FlowDefLike[], triggers: RunTrigger[], existingRuns: FlowRun[] = [], ctx = baseCtx()) {
  return orchestrate({ shop: SHOP, orderId: "1001", triggers, existingRuns, engine: engineOf(...flows), contextFor: () => ctx });
}

const alert = (id: string, text: string) => ({ id, action: "alert.team", input: { text } });

describe("flow runs", () => {
  it("records why a run did not start, condition by condition", () => {
    const flow: FlowDefLike = { id: "big-orders", version: 1, description: "d", trigger: { events: ["order.upserted"] }, conditions: ["order.total_price > 100", { name: "reachable", expr: "customer.email != null" }], steps: [alert("a", "big")] };
    const out = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]).toMatchObject({ status: "skipped", reason: "not run because order.total_price is 42.0, expected > 100" });
    expect(out.runs[0]!.conditions.map((c) => c.match)).toEqual([false, true]);
    expect(out.outbox).toHaveLength(0);
    expect(out.decisions[0]).toMatchObject({ rule: "big-orders", outcome: "skipped" });
  });

  it("returns each run's start as a decision, unless asked not to (a dry run), and decides the same either way", () => {
    const flow: FlowDefLike = { id: "tiered", version: 1, description: "d", trigger: { events: ["order.upserted"] }, conditions: ["order.total_price > 10"], steps: [alert("first", "order {{ order.name }}")] };
    const skipped: FlowDefLike = { ...flow, id: "big", conditions: ["order.total_price > 100"] };
    const t = trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z");
    const ctx = baseCtx();
    const input = { shop: SHOP, orderId: "1001", triggers: [t], existingRuns: [], engine: engineOf(flow, skipped), contextFor: () => ctx };
    const recorded = orchestrate(input);
    expect(recorded.decisions.map((d) => [d.id, d.outcome])).toEqual([
      [recorded.runs[0]!.id, "fired"],
      [recorded.runs[1]!.id, "skipped"],
    ]);
    const dry = orchestrate({ ...input, startDecisions: false });
    expect(dry.decisions).toEqual([]);
    expect(dry).toEqual({ ...recorded, decisions: [] });
  });

  it("does not start on a trigger type it does not name, or when the filter says no", () => {
    const flow: FlowDefLike = { id: "f", version: 1, description: "d", trigger: { events: ["signal.raised"], filter: 'signal.name == "edd_missed"' }, steps: [alert("a", "x")] };
    expect(run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]).runs).toHaveLength(0);
    const ctx = baseCtx({ signal: { name: "transit_stalled" } });
    expect(orchestrate({ shop: SHOP, orderId: "1001", triggers: [trigger("signal.raised", "s1", "2026-11-02T09:00:00.000Z")], existingRuns: [], engine: engineOf(flow), contextFor: () => ctx }).runs).toHaveLength(0);
  });

  it("gives an action's templates its step, and its key its input; a later step sees neither", () => {
    const flow: FlowDefLike = {
      id: "scoped",
      version: 1,
      description: "d",
      trigger: { events: ["order.upserted"] },
      steps: [
        { id: "first", action: "alert.team", input: { text: "step {{ step.id }}" }, idempotency_key: "scoped:{{ step.id }}:{{ input.text }}" },
        { id: "after", branch: { if: 'has(input.text) || step.id == "first"', then: [alert("leaked", "saw the last step")], else: [alert("clean", "clean")] } },
      ],
    };
    const out = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    expect(out.outbox.map((a) => a.idempotencyKey)).toEqual(["scoped:first:step first", expect.stringMatching(/clean/)]);
    expect(out.runs[0]!.steps.find((st) => st.id === "after")).toMatchObject({ output: { took: "else" } });
  });

  it("runs actions and branches, explains the branch, and starts once per trigger", () => {
    const flow: FlowDefLike = {
      id: "tiered",
      version: 2,
      description: "d",
      trigger: { events: ["order.upserted"] },
      steps: [alert("first", "order {{ order.name }}"), { id: "check", branch: { if: "order.total_price >= 150.0", then: [alert("big", "big")], else: [alert("small", "small {{ order.total_price }}")] } }],
    };
    const t = trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z");
    const out = run([flow], [t]);
    expect(out.runs[0]!.status).toBe("completed");
    expect(out.outbox.map((a) => a.payload)).toEqual([{ text: "order #1001" }, { text: "small 42" }]);
    expect(out.outbox.map((a) => a.idempotencyKey)).toEqual(["tiered:t1:first", "tiered:t1:small"]);
    expect(out.runs[0]!.steps.find((s) => s.id === "check")!.evaluation!.reason).toBe("order.total_price is 42.0, expected >= 150.0");
    // The same trigger again (a replayed delivery): the run exists, nothing new.
    const again = run([flow], [t], out.runs);
    expect(again.runs).toHaveLength(0);
    expect(again.outbox).toHaveLength(0);
  });

  it("waits a duration on a durable timer, then carries on", () => {
    const flow: FlowDefLike = { id: "later", version: 1, description: "d", trigger: { events: ["order.upserted"] }, steps: [{ id: "pause", wait: { duration: "1d" } }, alert("after", "a day later")] };
    const out = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    const waiting = out.runs[0]!;
    expect(waiting).toMatchObject({ status: "waiting", wait: { kind: "duration", dueAt: "2026-11-03T09:00:00.000Z" } });
    expect(out.timers).toEqual([{ shop: SHOP, orderId: "1001", name: `flow:${waiting.id}:pause`, dueAt: "2026-11-03T09:00:00.000Z" }]);
    expect(out.outbox).toHaveLength(0);
    const woke = run([flow], [trigger("timer.fired", "tf", "2026-11-03T09:00:00.000Z", { timer: `flow:${waiting.id}:pause` })], [waiting]);
    expect(woke.runs[0]!.status).toBe("completed");
    expect(woke.outbox.map((a) => a.payload)).toEqual([{ text: "a day later" }]);
  });

  describe("waiting for an event", () => {
    const flow: FlowDefLike = {
      id: "scan-or-escalate",
      version: 1,
      description: "d",
      trigger: { events: ["signal.raised"] },
      steps: [
        { id: "await-scan", wait: { for: { event: "tracking.updated", match: "event.tracking_number == shipment.tracking_number" }, timeout: "2d", on_timeout: [alert("no-scan", "no scan for {{ order.name }}")] } },
        alert("done", "moving again"),
      ],
    };
    const start = () => run([flow], [trigger("signal.raised", "s1", "2026-11-02T09:00:00.000Z")]).runs[0]!;

    it("is satisfied by a matching event and ignores others", () => {
      const waiting = start();
      const other = run([flow], [trigger("tracking.updated", "e1", "2026-11-02T12:00:00.000Z", { tracking_number: "OTHER" })], [waiting]);
      expect(other.runs).toHaveLength(0);
      const hit = run([flow], [trigger("tracking.updated", "e2", "2026-11-02T13:00:00.000Z", { tracking_number: "1Z1" })], [waiting]);
      expect(hit.runs[0]!.status).toBe("completed");
      expect(hit.outbox.map((a) => a.payload)).toEqual([{ text: "moving again" }]);
      expect(hit.runs[0]!.steps.find((s) => s.id === "await-scan")!.output).toEqual({ outcome: "event" });
    });

    it("times out onto its timeout path, then carries on", () => {
      const waiting = start();
      expect(waiting.wait).toMatchObject({ kind: "event", event: "tracking.updated", dueAt: "2026-11-04T09:00:00.000Z" });
      const out = run([flow], [trigger("timer.fired", "tf", "2026-11-04T09:00:00.000Z", { timer: `flow:${waiting.id}:await-scan` })], [waiting]);
      expect(out.outbox.map((a) => a.payload)).toEqual([{ text: "no scan for #1001" }, { text: "moving again" }]);
      expect(out.runs[0]!.status).toBe("completed");
    });
  });

  it("advancing never changes the run it was given (waits, timers, approvals): the stored state stays what it was", () => {
    const flow: FlowDefLike = {
      id: "pure",
      version: 1,
      description: "d",
      trigger: { events: ["order.upserted"] },
      steps: [alert("first", "one"), { id: "pause", wait: { duration: "1d" } }, { id: "ask", approval: { title: "go on?" } }, alert("last", "two")],
    };
    const waiting = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]).runs[0]!;
    const frozen = structuredClone(waiting);
    const woke = run([flow], [trigger("timer.fired", "tf", "2026-11-03T09:00:00.000Z", { timer: `flow:${waiting.id}:pause` })], [waiting]).runs[0]!;
    expect(waiting).toEqual(frozen);
    expect(woke.status).toBe("awaiting_approval");
    const frozenWoke = structuredClone(woke);
    const done = advance(woke, { kind: "approval", decision: { stepId: "ask", decision: "approve", by: "ops", at: "2026-11-03T10:00:00.000Z" } }, baseCtx(), services, "2026-11-03T10:00:00.000Z");
    expect(woke).toEqual(frozenWoke);
    expect(done.run.status).toBe("completed");
    expect(done.run.steps.length).toBeGreaterThan(woke.steps.length);
    expect(done.run.decisions[0]).toMatchObject({ stepId: "ask", decision: "approve", by: "ops" });
    expect(woke.decisions).toHaveLength(0);
  });

  it("an approval step approves the gated action after it: one human decision, not two", () => {
    const flow: FlowDefLike = { id: "reship-after-ask", version: 1, description: "d", trigger: { events: ["signal.raised"] }, steps: [{ id: "ask", approval: { title: "Reship?" } }, { id: "reship", action: "shopify.reship", input: { order_id: "{{ order.id }}", line_items: [{ line_item_id: "1", quantity: 1 }], reason: "lost in transit" } }] };
    const waiting = run([flow], [trigger("signal.raised", "s1", "2026-11-02T09:00:00.000Z")]).runs[0]!;
    const out = advance(waiting, { kind: "approval", decision: { stepId: "ask", decision: "approve", by: "owner", at: "2026-11-02T10:00:00.000Z" } }, baseCtx(), services, "2026-11-02T10:00:00.000Z");
    expect(out.run.status, JSON.stringify(out.run.steps)).toBe("completed");
    expect(out.enqueue.map((a) => a.channel)).toEqual(["shopify.reship"]);
  });

  describe("approvals", () => {
    const flow: FlowDefLike = {
      id: "reship-lost",
      version: 1,
      description: "d",
      trigger: { events: ["signal.raised"] },
      steps: [{ id: "ask", approval: { title: "Reship {{ order.name }}?", on_reject: [alert("declined", "declined")] } }, alert("go", "reshipping")],
    };
    const start = () => run([flow], [trigger("signal.raised", "s1", "2026-11-02T09:00:00.000Z")]).runs[0]!;
    const decide = (r: FlowRun, decision: "approve" | "edit" | "reject", input?: unknown) =>
      advance(r, { kind: "approval", decision: { stepId: "ask", decision, by: "ops@snowdevil.com", at: "2026-11-02T10:00:00.000Z", ...(input ? { input } : {}) } }, baseCtx(), services, "2026-11-02T10:00:00.000Z");

    it("waits for a human, then records who approved and when", () => {
      const waiting = start();
      expect(waiting).toMatchObject({ status: "awaiting_approval", approval: { stepId: "ask", title: "Reship #1001?" } });
      const out = decide(waiting, "approve");
      expect(out.run.status).toBe("completed");
      expect(out.run.decisions).toEqual([
        { stepId: "ask", decision: "approve", by: "ops@snowdevil.com", at: "2026-11-02T10:00:00.000Z" },
        // The step's decision covers the action that follows it: no second gate.
        { stepId: "go", decision: "approve", by: "ops@snowdevil.com", at: "2026-11-02T10:00:00.000Z", note: "approved at step ask" },
      ]);
      expect(out.enqueue.map((a) => a.payload)).toEqual([{ text: "reshipping" }]);
    });

    it("an edit replaces the next action's input", () => {
      const out = decide(start(), "edit", { text: "reshipping by express" });
      expect(out.enqueue.map((a) => a.payload)).toEqual([{ text: "reshipping by express" }]);
    });

    it("a rejection runs the rejection path and ends the run as rejected", () => {
      const out = decide(start(), "reject");
      expect(out.run.status).toBe("rejected");
      expect(out.enqueue.map((a) => a.payload)).toEqual([{ text: "declined" }]);
    });

    it("an action the policy reserves for humans (a refund) waits for approval before it is enqueued", () => {
      const refund: FlowDefLike = { id: "refund-lost", version: 1, description: "d", trigger: { events: ["signal.raised"] }, steps: [{ id: "refund", action: "shopify.refund", input: { order_id: "{{ order.id }}", amount: "{{ order.total_price }}", currency: "USD", reason: "lost parcel" } }] };
      const out = run([refund], [trigger("signal.raised", "s1", "2026-11-02T09:00:00.000Z")]);
      const r = out.runs[0]!;
      expect(r.status, JSON.stringify(r.steps)).toBe("awaiting_approval");
      expect(r.approval!.reasons.join(" ")).toMatch(/always needs a human/);
      expect(out.outbox).toHaveLength(0);
      const approved = advance(r, { kind: "approval", decision: { stepId: "refund", decision: "approve", by: "owner", at: "2026-11-02T11:00:00.000Z" } }, baseCtx(), services, "2026-11-02T11:00:00.000Z");
      expect(approved.enqueue.map((a) => a.channel)).toEqual(["shopify.refund"]);
      const rejected = advance(r, { kind: "approval", decision: { stepId: "refund", decision: "reject", by: "owner", at: "2026-11-02T11:00:00.000Z" } }, baseCtx(), services, "2026-11-02T11:00:00.000Z");
      expect(rejected.run.status).toBe("rejected");
      expect(rejected.enqueue).toHaveLength(0);
    });
  });

  it("a run resumed from its stored state after a crash enqueues the same keys, and never an action it already recorded", () => {
    const flow: FlowDefLike = { id: "two-step", version: 1, description: "d", trigger: { events: ["order.upserted"] }, steps: [alert("one", "1"), { id: "pause", wait: { duration: "1h" } }, alert("two", "2")] };
    const first = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    // The crash: the same step is computed again from the same stored state — same keys, so the outbox ignores the copy.
    const retry = run([flow], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    expect(retry.outbox.map((a) => a.idempotencyKey)).toEqual(first.outbox.map((a) => a.idempotencyKey));
    // Resuming the stored run after the wait: step "one" is memoized and not enqueued again.
    const resumed = run([flow], [trigger("timer.fired", "tf", "2026-11-02T10:00:00.000Z", { timer: `flow:${first.runs[0]!.id}:pause` })], first.runs);
    expect(resumed.outbox.map((a) => a.payload)).toEqual([{ text: "2" }]);
  });

  it("an in-flight run keeps the version it started with", () => {
    const v1: FlowDefLike = { id: "versioned", version: 1, description: "d", trigger: { events: ["order.upserted"] }, steps: [{ id: "pause", wait: { duration: "1h" } }, alert("end", "from v1")] };
    const v2: FlowDefLike = { ...v1, version: 2, steps: [{ id: "pause", wait: { duration: "1h" } }, alert("end", "from v2")] };
    const started = run([v1], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]).runs[0]!;
    const resumed = run([v2], [trigger("timer.fired", "tf", "2026-11-02T10:00:00.000Z", { timer: `flow:${started.id}:pause` })], [started]);
    expect(resumed.runs[0]!.flowVersion).toBe(1);
    expect(resumed.outbox.map((a) => a.payload)).toEqual([{ text: "from v1" }]);
  });
});

describe("operator limits", () => {
  const capped: FlowDefLike = {
    id: "capped",
    version: 1,
    description: "d",
    trigger: { events: ["order.upserted"] },
    limits: { frequency: { max: 1, per: "24h", key: "{{ customer.key }}" }, rate: { max: 3, per: "1h" } },
    steps: [alert("a", "hello {{ order.name }}")],
  };

  it("caps runs per customer per window, and says so", () => {
    const first = run([capped], [trigger("order.upserted", "t1", "2026-11-02T09:00:00.000Z")]);
    expect(first.runs[0]).toMatchObject({ status: "completed", limitKey: "c1" });
    const second = orchestrate({ shop: SHOP, orderId: "1002", triggers: [trigger("order.upserted", "t2", "2026-11-02T15:00:00.000Z")], existingRuns: [], batchRuns: first.runs, engine: engineOf(capped), contextFor: () => baseCtx() });
    expect(second.runs[0]).toMatchObject({ status: "skipped", reason: "not run because frequency cap: 1 runs of capped for c1 in the last 24h, at most 1" });
    expect(second.outbox).toHaveLength(0);
    const nextDay = orchestrate({ shop: SHOP, orderId: "1003", triggers: [trigger("order.upserted", "t3", "2026-11-03T09:00:01.000Z")], existingRuns: [], batchRuns: first.runs, engine: engineOf(capped), contextFor: () => baseCtx() });
    // The same cap from counts the store already holds (what the projector prefetches).
    const stored = orchestrate({ shop: SHOP, orderId: "1004", triggers: [trigger("order.upserted", "t4", "2026-11-02T16:00:00.000Z")], existingRuns: [], priorCounts: new Map([[limitCountKey("capped", "frequency", "c1"), 1]]), engine: engineOf(capped), contextFor: () => baseCtx() });
    expect(stored.runs[0]!.status).toBe("skipped");
    expect(nextDay.runs[0]!.status).toBe("completed");
  });

  it("counts a run of the same batch that started later by source time, as it counts a stored one: one step may fold a customer's newer order first", () => {
    const newer = run([capped], [trigger("order.upserted", "t1", "2026-11-02T15:00:00.000Z")]);
    expect(newer.runs[0]).toMatchObject({ status: "completed", limitKey: "c1" });
    const older = orchestrate({ shop: SHOP, orderId: "1002", triggers: [trigger("order.upserted", "t2", "2026-11-02T09:00:00.000Z")], existingRuns: [], batchRuns: newer.runs, engine: engineOf(capped), contextFor: () => baseCtx() });
    expect(older.runs[0]).toMatchObject({ status: "skipped", reason: "not run because frequency cap: 1 runs of capped for c1 in the last 24h, at most 1" });
    // Stored, the same newer run counts the same way (the store's count has no upper bound either).
    const stored = orchestrate({ shop: SHOP, orderId: "1003", triggers: [trigger("order.upserted", "t3", "2026-11-02T09:00:00.000Z")], existingRuns: [], priorCounts: new Map([[limitCountKey("capped", "frequency", "c1"), 1]]), engine: engineOf(capped), contextFor: () => baseCtx() });
    expect(stored.runs[0]!.status).toBe("skipped");
  });

  it("limits runs per shop per window, counting runs started in the same batch", () => {
    const ctxFor = (i: number) => baseCtx({ customer: { key: `c${i}`, id: `c${i}`, email: `c${i}@example.com`, orders_count: 1, active_holds: 0 } });
    let recent: FlowRun[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = orchestrate({ shop: SHOP, orderId: `20${i}`, triggers: [trigger("order.upserted", `r${i}`, `2026-11-02T09:0${i}:00.000Z`)], existingRuns: [], batchRuns: recent, engine: engineOf(capped), contextFor: () => ctxFor(i) });
      recent = [...recent, ...out.runs];
      statuses.push(out.runs[0]!.status);
    }
    expect(statuses).toEqual(["completed", "completed", "completed", "skipped", "skipped"]);
    expect(recent[3]!.reason).toBe("not run because rate limit: 3 runs of capped in the last 1h, at most 3");
  });
});
