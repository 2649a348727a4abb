import type { ShopSettings } from "../../core/settings.js";
import type { Store } from "../../store/port.js";
import { emptyProjectionWrite } from "../../store/projection-write.js";
import { advance } from "./interpreter.js";
import { loadRunContext } from "./load-context.js";
import type { EngineServices } from "./services.js";
import type { ApprovalDecision, FlowRun } from "./run.js";

export type ApprovalOutcome =
  | { ok: true; run: FlowRun; enqueued: string[] }
  | { ok: false; code: "RUN_NOT_AWAITING_APPROVAL"; message: string };

/**
 * A human's decision on a run waiting for approval: the run advances from the gate with the
 * context as it is now, and what it enqueues, the timers it sets and the holds it places are
 * stored together with it. The decision (who, when, what, why) stays in the run's record.
 */
export async function applyApproval(input: {
  store: Store;
  services: EngineServices;
  settings: ShopSettings;
  run: FlowRun;
  decision: Omit<ApprovalDecision, "stepId">;
}): Promise<ApprovalOutcome> {
  const { store, run } = input;
  if (run.status !== "awaiting_approval" || !run.approval) {
    return { ok: false, code: "RUN_NOT_AWAITING_APPROVAL", message: `run ${run.id} is ${run.status}; only a run awaiting approval takes a decision` };
  }
  const ctx = await loadRunContext(store, input.settings, run);
  const decision: ApprovalDecision = { ...input.decision, stepId: run.approval.stepId };
  const result = advance(run, { kind: "approval", decision }, ctx, input.services, decision.at);
  await store.saveRun(result.run, result.enqueue, result.timers);
  const customerKey = (ctx.customer as { key?: string | null } | null | undefined)?.key ?? null;
  if (result.effects.length && customerKey) {
    await store.applyProjection({
      ...emptyProjectionWrite(),
      holdsPlaced: result.effects.filter((e) => e.kind === "hold.place").map((e) => ({ shop: run.shop, customerKey, orderId: run.orderId ?? "", shipmentKey: e.shipmentKey, reason: e.reason, placedAt: e.at, releasedAt: null, releaseReason: null })),
      holdsReleased: result.effects.filter((e) => e.kind === "hold.release").map((e) => ({ shop: run.shop, customerKey, shipmentKey: e.shipmentKey, releasedAt: e.at, reason: e.reason })),
    });
  }
  return { ok: true, run: result.run, enqueued: result.enqueue.map((a) => a.idempotencyKey) };
}
