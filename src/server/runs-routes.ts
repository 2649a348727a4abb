import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../store/port.js";
import { RunStatus } from "../flows/engine/run.js";
import { applyApproval } from "../flows/engine/approve.js";
import type { FlowEngine } from "../flows/engine/orchestrate.js";
import type { ShopSettings } from "../core/settings.js";
import { errorBody } from "./errors.js";

export interface RunsRoutesOptions {
  store: Store;
  engine: FlowEngine;
  settingsFor(shop: string): ShopSettings;
  now(): Date;
  /** Called after an approval enqueued work, so the dispatcher looks at once. */
  onEnqueued(): void;
}

const RunsQuery = z.object({ order: z.string().optional(), flow: z.string().optional(), status: RunStatus.optional(), shop: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ApprovalBody = z.object({
  decision: z.enum(["approve", "edit", "reject"]),
  by: z.string().min(1, "say who decides (an e-mail or a name)"),
  input: z.record(z.string(), z.unknown()).optional(),
  note: z.string().max(2000).optional(),
});

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/** Flow runs: list, one run with every step, and the human decision on a waiting approval. */
export function registerRunsRoutes(app: FastifyInstance, opts: RunsRoutesOptions): void {
  const { store } = opts;

  app.get("/api/runs", async (req, reply) => {
    const q = RunsQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(q.error)));
    const { order, flow, status, shop, limit } = q.data;
    return { runs: await store.listRuns({ ...(order ? { orderId: order } : {}), ...(flow ? { flowId: flow } : {}), ...(status ? { status } : {}), ...(shop ? { shop } : {}), limit }) };
  });

  app.get("/api/runs/:id", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const run = await store.getRun(id);
    return run ? { run } : reply.code(404).send(errorBody("NOT_FOUND", `no flow run ${id}`));
  });

  app.post("/api/runs/:id/approval", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const body = ApprovalBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send(errorBody("BAD_REQUEST", issues(body.error)));
    if (body.data.decision === "edit" && !body.data.input) return reply.code(400).send(errorBody("BAD_REQUEST", "an edit needs `input`: the action input to use instead"));
    const run = await store.getRun(id);
    if (!run) return reply.code(404).send(errorBody("NOT_FOUND", `no flow run ${id}`));
    const decision = { decision: body.data.decision, by: body.data.by, at: opts.now().toISOString(), ...(body.data.input ? { input: body.data.input } : {}), ...(body.data.note ? { note: body.data.note } : {}) };
    const result = await applyApproval({ store, services: opts.engine.services, settings: opts.settingsFor(run.shop), run, decision });
    if (!result.ok) return reply.code(409).send(errorBody(result.code, result.message));
    if (result.enqueued.length) opts.onEnqueued();
    return { run: result.run, enqueued: result.enqueued };
  });
}
