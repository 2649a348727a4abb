import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { IngestDeps, IngestResult } from "../ingest/pipeline.js";
import { ingest } from "../ingest/pipeline.js";
import type { WebhookSource } from "../ingest/source.js";
import { errorBody, httpStatusOf } from "./errors.js";
import { sendRefusal, type AuthGate } from "./auth-gate.js";

export interface WebhookRoute {
  path: string;
  source: WebhookSource;
}

export interface WebhooksPluginOptions {
  routes: WebhookRoute[];
  deps: IngestDeps;
  /** False until boot recovery has finished: nothing is acknowledged before that. */
  isReady(): boolean;
  /** Refuses sources over their limit of failed authentications, and counts new failures. */
  auth?: AuthGate;
  onResult?(path: string, result: IngestResult): void;
}

/**
 * One plugin for every webhook route. The body is kept as raw bytes (signatures are computed on
 * them), whatever the content type claims; parsing happens after verification.
 */
export async function webhooksPlugin(app: FastifyInstance, opts: WebhooksPluginOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  for (const route of opts.routes) {
    app.post(route.path, async (req: FastifyRequest, reply: FastifyReply) => {
      if (!opts.isReady()) return reply.code(503).header("retry-after", "5").send(errorBody("NOT_READY", "recovering after a restart; retry shortly"));
      const blocked = opts.auth?.blocked(req.ip);
      if (blocked) return sendRefusal(reply, blocked);
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await ingest(route.source, { headers: req.headers, rawBody, query: firstValues(req.query) }, opts.deps);
      opts.onResult?.(route.path, result);
      if (result.kind === "rejected") opts.auth?.webhookRejected(req.ip, result.code);
      switch (result.kind) {
        case "stored":
          return reply.code(200).send({ status: result.ignored ? "ignored" : "stored", event_id: result.eventId });
        case "duplicate":
          return reply.code(200).send({ status: "duplicate", event_id: result.eventId });
        case "rejected":
          return reply.code(httpStatusOf(result.code)).send(errorBody(result.code, result.message));
      }
    });
  }
}

/** A repeated query parameter (`?token=a&token=b`) arrives as an array: like a repeated header, the first counts. */
function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof query !== "object" || query === null) return out;
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? (typeof v[0] === "string" ? v[0] : undefined) : typeof v === "string" ? v : undefined;
  return out;
}
