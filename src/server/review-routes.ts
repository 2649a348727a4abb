import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ReviewItemKind } from "../core/review.js";
import type { Store } from "../store/port.js";
import { listReviewItems } from "../flows/review/queue.js";
import { decideReviewItem, type ReviewDeps } from "../flows/review/decide.js";
import { errorBody } from "./errors.js";

export interface ReviewRoutesOptions extends ReviewDeps {
  store: Store;
  /** Called after a decision enqueued work, so the dispatcher looks at once. */
  onEnqueued(): void;
}

const ReviewQuery = z.object({ shop: z.string().optional(), kind: ReviewItemKind.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ItemParams = z.object({ id: z.string().min(1) });
const Who = z.string().trim().min(1, "say who decides (an e-mail or a name)").max(200);
const ApproveBody = z.strictObject({
  by: Who,
  text: z.string().max(20_000).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(2000).optional(),
});
const RejectBody = z.strictObject({ by: Who, reason: z.string().trim().min(1, "say why: the audit trail keeps it").max(2000) });
const DecisionsQuery = z.object({ shop: z.string().optional(), item: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
const STATUS = { NOT_FOUND: 404, REVIEW_ITEM_CLOSED: 409, BAD_REQUEST: 400 } as const;

/**
 * The review queue: drafts, escalations and flow approvals waiting for a human, with the order
 * beside each, and the decisions taken on them (who, when, what was changed, why).
 */
export function registerReviewRoutes(app: FastifyInstance, opts: ReviewRoutesOptions): void {
  app.get("/api/review", async (req, reply) => {
    const q = ReviewQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(q.error)));
    return { items: await listReviewItems(opts.store, opts.engine.services, { ...(q.data.shop ? { shop: q.data.shop } : {}), ...(q.data.kind ? { kind: q.data.kind } : {}), limit: q.data.limit }) };
  });

  app.get("/api/review/decisions", async (req, reply) => {
    const q = DecisionsQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(q.error)));
    return { decisions: await opts.store.listReviewDecisions({ ...(q.data.shop ? { shop: q.data.shop } : {}), ...(q.data.item ? { itemId: q.data.item } : {}), limit: q.data.limit }) };
  });

  const decide = (decision: "approve" | "reject") => async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = ItemParams.parse(req.params);
    const parsed = decision === "approve" ? ApproveBody.safeParse(req.body ?? {}) : RejectBody.safeParse(req.body ?? {});
    if (!parsed.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(parsed.error)));
    const b = parsed.data as { by: string; text?: string; input?: Record<string, unknown>; note?: string; reason?: string };
    const note = b.reason ?? b.note;
    const result = await decideReviewItem(opts, decodeURIComponent(id), {
      decision,
      by: b.by,
      ...(b.text !== undefined ? { text: b.text } : {}),
      ...(b.input !== undefined ? { input: b.input } : {}),
      ...(note !== undefined ? { note } : {}),
    });
    if (!result.ok) return reply.code(STATUS[result.code]).send(errorBody(result.code, result.message));
    if (result.enqueued.length) opts.onEnqueued();
    return { item: result.item, decision: result.decision, enqueued: result.enqueued };
  };
  app.post("/api/review/:id/approve", decide("approve"));
  app.post("/api/review/:id/reject", decide("reject"));
}
