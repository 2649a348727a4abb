import type { ReviewDecision } from "../../core/review.js";
import type { ShopSettings } from "../../core/settings.js";
import type { Store } from "../../store/port.js";
import { applyApproval } from "../engine/approve.js";
import type { FlowEngine } from "../engine/orchestrate.js";
import { runItem, escalationItem, type ReviewItem } from "./queue.js";

export interface ReviewRequest {
  decision: "approve" | "reject";
  by: string;
  /** A draft's reply text as the human wants it sent (an edit of the draft). */
  text?: string;
  /** An approval's action input as the human wants it run (an edit of the proposal). */
  input?: Record<string, unknown>;
  /** Why: required to reject, kept with the decision either way. */
  note?: string;
}

export type ReviewOutcome =
  | { ok: true; item: ReviewItem; decision: ReviewDecision; enqueued: string[] }
  | { ok: false; code: "NOT_FOUND" | "REVIEW_ITEM_CLOSED" | "BAD_REQUEST"; message: string };

export interface ReviewDeps {
  store: Store;
  engine: FlowEngine;
  settingsFor(shop: string): ShopSettings;
  newId(): string;
  now(): Date;
}

/**
 * A human decides on one review item. Approvals and drafts move their flow run on from the gate
 * (an edited text or input replaces the proposal); escalations close. Either way the decision is
 * kept with who made it and when. An item already decided answers REVIEW_ITEM_CLOSED.
 */
export async function decideReviewItem(deps: ReviewDeps, itemId: string, req: ReviewRequest): Promise<ReviewOutcome> {
  if (req.decision === "reject" && !req.note?.trim()) return { ok: false, code: "BAD_REQUEST", message: "a rejection needs `reason`: the customer, the flow author and the audit trail read it" };
  const at = deps.now().toISOString();
  const [kind, id] = splitId(itemId);
  if (kind === "run") {
    const run = await deps.store.getRun(id);
    if (!run) return { ok: false, code: "NOT_FOUND", message: `no review item ${itemId}` };
    const journey = run.orderId ? await deps.store.getJourney(run.shop, run.orderId) : null;
    const item = runItem(run, deps.engine.services, journey);
    if (run.status !== "awaiting_approval") return { ok: false, code: "REVIEW_ITEM_CLOSED", message: `${itemId} is ${run.status}; it no longer waits for a decision` };
    const edited = editedInput(item, req);
    if (!edited.ok) return edited;
    const outcome = await applyApproval({
      store: deps.store,
      services: deps.engine.services,
      settings: deps.settingsFor(run.shop),
      run,
      decision: {
        decision: req.decision === "reject" ? "reject" : edited.input !== undefined ? "edit" : "approve",
        by: req.by,
        at,
        ...(edited.input !== undefined ? { input: edited.input } : {}),
        ...(req.note ? { note: req.note } : {}),
      },
    });
    if (!outcome.ok) return { ok: false, code: "REVIEW_ITEM_CLOSED", message: outcome.message };
    const decision = reviewDecision(deps, item, req, at, edited.input ?? null);
    await deps.store.recordReviewDecision(decision);
    return { ok: true, item, decision, enqueued: outcome.enqueued };
  }
  const action = await deps.store.getOutbox(id);
  if (!action || action.channel !== "review.escalation") return { ok: false, code: "NOT_FOUND", message: `no review item ${itemId}` };
  const item = escalationItem(action, action.orderId ? await deps.store.getJourney(action.shop, action.orderId) : null);
  if (req.text !== undefined || req.input !== undefined) return { ok: false, code: "BAD_REQUEST", message: "an escalation has nothing to edit: approve (taken) or reject (dismissed) it with a note" };
  const decision = reviewDecision(deps, item, req, at, null);
  if (!(await deps.store.recordReviewDecision(decision, action.id))) return { ok: false, code: "REVIEW_ITEM_CLOSED", message: `${itemId} is ${action.status}; it no longer waits for a decision` };
  return { ok: true, item, decision, enqueued: [] };
}

function splitId(itemId: string): ["run" | "action", string] {
  const m = /^(run|action):(.+)$/.exec(itemId);
  return m ? [m[1] as "run" | "action", m[2]!] : ["run", itemId];
}

/** A draft is edited through its text; an approval through its input. Each edit only where it fits. */
function editedInput(item: ReviewItem, req: ReviewRequest): { ok: true; input?: Record<string, unknown> } | { ok: false; code: "BAD_REQUEST"; message: string } {
  if (req.decision === "reject" || (req.text === undefined && req.input === undefined)) return { ok: true };
  if (req.text !== undefined) {
    if (item.kind !== "draft") return { ok: false, code: "BAD_REQUEST", message: `${item.id} is an ${item.kind}, not a draft: edit its \`input\`, not its \`text\`` };
    if (req.text.trim() === "") return { ok: false, code: "BAD_REQUEST", message: "an edited reply cannot be empty" };
    return { ok: true, input: { ...(item.proposal as Record<string, unknown>), body: req.text } };
  }
  return { ok: true, ...(req.input !== undefined ? { input: req.input } : {}) };
}

function reviewDecision(deps: ReviewDeps, item: ReviewItem, req: ReviewRequest, at: string, edited: Record<string, unknown> | null): ReviewDecision {
  return {
    id: deps.newId(),
    shop: item.shop,
    itemId: item.id,
    itemKind: item.kind,
    decision: req.decision === "reject" ? "reject" : edited !== null ? "edit" : "approve",
    by: req.by,
    at,
    note: req.note ?? null,
    edited: req.text !== undefined && req.decision !== "reject" ? req.text : edited,
  };
}
