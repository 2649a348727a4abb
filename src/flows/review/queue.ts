import type { Journey } from "../../core/journey.js";
import type { OutboxAction } from "../../core/outbox.js";
import type { ReviewItemKind } from "../../core/review.js";
import type { Store } from "../../store/port.js";
import type { EngineServices } from "../engine/services.js";
import type { FlowRun } from "../engine/run.js";

/** What a reviewer sees for one pending item: the proposal, why a human is needed, and the order. */
export interface ReviewItem {
  /** `run:<run id>` or `action:<outbox id>`. */
  id: string;
  kind: ReviewItemKind;
  shop: string;
  orderId: string | null;
  title: string;
  reasons: string[];
  requestedAt: string;
  /** The action input (or the escalation's facts) a decision acts on. */
  proposal: unknown;
  /** For a draft: the reply text the human approves, edits or rejects. */
  draft: string | null;
  flow: { id: string; version: number; stepId: string } | null;
  order: OrderSummary | null;
}

/** The live order picture a reviewer needs beside the proposal. */
export interface OrderSummary {
  name: string | null;
  email: string | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  totalPrice: string | null;
  currency: string | null;
  signals: string[];
  shipments: Array<{ trackingNumber: string | null; carrier: string | null; tag: string; subtag: string | null; expectedDelivery: string | null }>;
}

export function orderSummary(j: Journey): OrderSummary {
  return {
    name: j.name,
    email: j.email,
    financialStatus: j.financialStatus,
    fulfillmentStatus: j.fulfillmentStatus,
    totalPrice: j.totalPrice,
    currency: j.currency,
    signals: j.signals.map((s) => s.name),
    shipments: j.shipments.map((s) => ({ trackingNumber: s.trackingNumber, carrier: s.carrier, tag: s.tag, subtag: s.subtag, expectedDelivery: s.expectedDelivery })),
  };
}

/** The reply text of a draft: replies carry it in `body`. */
export function draftText(input: unknown): string | null {
  const body = (input as { body?: unknown } | null | undefined)?.body;
  return typeof body === "string" ? body : null;
}

export const runItemId = (runId: string) => `run:${runId}`;
export const actionItemId = (outboxId: string) => `action:${outboxId}`;

/** The action a run waits on at its approval gate, if the gate is an action (not an approval step). */
function gatedAction(run: FlowRun): string | null {
  const step = (run.flow as { steps?: Array<{ id: string; action?: string }> }).steps;
  const found = findStep(step ?? [], run.approval?.stepId ?? "");
  return found?.action ?? null;
}

function findStep(steps: ReadonlyArray<Record<string, unknown>>, id: string): { action?: string } | null {
  for (const s of steps) {
    if (s["id"] === id) return s as { action?: string };
    for (const nested of Object.values(s)) {
      if (typeof nested !== "object" || nested === null) continue;
      for (const branch of Object.values(nested as Record<string, unknown>)) {
        if (Array.isArray(branch)) {
          const hit = findStep(branch as Array<Record<string, unknown>>, id);
          if (hit) return hit;
        }
      }
    }
  }
  return null;
}

export function runItem(run: FlowRun, services: Pick<EngineServices, "action">, journey: Journey | null): ReviewItem {
  const action = gatedAction(run);
  const isDraft = action !== null && services.action(action)?.category === "ticket_reply";
  const input = run.approval?.input;
  return {
    id: runItemId(run.id),
    kind: isDraft ? "draft" : "approval",
    shop: run.shop,
    orderId: run.orderId,
    title: run.approval?.title ?? `${run.flowId} needs approval`,
    reasons: run.approval?.reasons ?? [],
    requestedAt: run.approval?.requestedAt ?? run.updatedAt,
    proposal: input ?? null,
    draft: isDraft ? draftText(input) : null,
    flow: { id: run.flowId, version: run.flowVersion, stepId: run.approval?.stepId ?? "" },
    order: journey ? orderSummary(journey) : null,
  };
}

export function escalationItem(action: OutboxAction, journey: Journey | null): ReviewItem {
  const p = action.payload as { reason?: unknown; detail?: unknown; why?: unknown };
  const title = typeof p.reason === "string" ? p.reason : typeof p.detail === "string" ? p.detail : "escalated for review";
  return {
    id: actionItemId(action.id),
    kind: "escalation",
    shop: action.shop,
    orderId: action.orderId,
    title,
    reasons: Array.isArray(p.why) ? p.why.filter((w): w is string => typeof w === "string") : typeof p.detail === "string" ? [p.detail] : [],
    requestedAt: action.createdAt,
    proposal: action.payload,
    draft: null,
    flow: null,
    order: journey ? orderSummary(journey) : null,
  };
}

/**
 * Everything waiting for a human, oldest first (a queue, as Gorgias and Zendesk views sort by
 * waiting time): runs at an approval gate and escalations nobody has taken yet.
 */
export async function listReviewItems(store: Store, services: Pick<EngineServices, "action">, query: { shop?: string; kind?: ReviewItemKind; limit: number }): Promise<ReviewItem[]> {
  const shop = query.shop !== undefined ? { shop: query.shop } : {};
  const journeys = new Map<string, Journey | null>();
  const journeyOf = async (s: string, orderId: string | null) => {
    if (orderId === null) return null;
    const key = `${s}\0${orderId}`;
    if (!journeys.has(key)) journeys.set(key, await store.getJourney(s, orderId));
    return journeys.get(key) ?? null;
  };
  const items: ReviewItem[] = [];
  if (query.kind !== "escalation") {
    for (const run of await store.listRuns({ ...shop, status: "awaiting_approval", limit: 10_000 })) items.push(runItem(run, services, await journeyOf(run.shop, run.orderId)));
  }
  if (query.kind === undefined || query.kind === "escalation") {
    for (const a of await store.listOutbox({ ...shop, status: "awaiting_review", limit: 10_000 })) items.push(escalationItem(a, await journeyOf(a.shop, a.orderId)));
  }
  return items
    .filter((i) => query.kind === undefined || i.kind === query.kind)
    .sort((a, b) => (a.requestedAt === b.requestedAt ? (a.id < b.id ? -1 : 1) : a.requestedAt < b.requestedAt ? -1 : 1))
    .slice(0, query.limit);
}
