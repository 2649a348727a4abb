import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Store } from "../store/port.js";
import type { IngestDeps, IngestResult } from "../ingest/pipeline.js";
import { webhooksPlugin, type WebhookRoute } from "./webhooks-plugin.js";
import { apiPlugin, type ApiPluginOptions } from "./api-plugin.js";
import { consolePage } from "./console-page.js";
import { errorBody, type ErrorCode } from "./errors.js";
import type { ApiTokenEntry } from "./auth.js";
import { AuthGate, sendRefusal } from "./auth-gate.js";

export interface ServerOptions {
  store: Store;
  /** Accepted API bearer tokens (hashed), with their expiry. */
  apiTokens: readonly ApiTokenEntry[];
  /** Failed authentications a client address may make per window before it gets 429. */
  authRateLimit: { maxFailures: number; windowMs: number };
  shops: readonly string[];
  bodyLimitBytes: number;
  webhookRoutes: WebhookRoute[];
  ingest: IngestDeps;
  isReady(): boolean;
  now(): Date;
  logger: Logger | false;
  onIngest?(path: string, result: IngestResult): void;
  runs: ApiPluginOptions["runs"];
}

/** Fastify's own error codes that are the client's fault, mapped onto ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "BODY_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "CONTENT_TYPE_UNSUPPORTED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "BAD_REQUEST",
};

/** The app factory: one plugin per surface, testable in-process with inject(). */
export function createServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    ...(opts.logger === false ? { logger: false } : { loggerInstance: opts.logger as FastifyBaseLogger }),
    bodyLimit: opts.bodyLimitBytes,
    // Fastify's request logs include the full URL, and the Shippo token rides in the query string:
    // ours (below) log the path only.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });

  const auth = new AuthGate({ tokens: opts.apiTokens, rateLimit: opts.authRateLimit, clock: { now: opts.now } });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.code(mapped === "BODY_TOO_LARGE" ? 413 : mapped === "CONTENT_TYPE_UNSUPPORTED" ? 415 : 400).send(errorBody(mapped, err.message));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send(errorBody("BAD_REQUEST", err.message));
    if (/STORE|SQLITE|ECONNREFUSED|connection/i.test(`${err.code ?? ""} ${err.message}`)) {
      req.log.error({ err: { message: err.message, code: err.code } }, "store unavailable");
      return reply.code(503).header("retry-after", "5").send(errorBody("STORE_UNAVAILABLE", "the event store is unavailable; the delivery was not stored, retry later"));
    }
    req.log.error({ err: { message: err.message, stack: err.stack } }, "unhandled error");
    return reply.code(500).send(errorBody("INTERNAL", "internal error; see the server log"));
  });

  app.addHook("onResponse", async (req, reply) => {
    req.log.debug({ method: req.method, path: req.url.split("?")[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  app.setNotFoundHandler((req, reply) => {
    // Under /api/ the token is checked first, so a caller without one learns nothing about which routes exist.
    if (req.url.startsWith("/api/")) {
      const refusal = auth.api(req.ip, req.headers.authorization);
      if (refusal) return sendRefusal(reply, refusal);
    }
    return reply.code(404).send(errorBody("NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`));
  });

  app.get("/healthz", async (_req, reply) => {
    const ready = opts.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ok" : "recovering", store: opts.store.capabilities.dialect });
  });
  app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(consolePage));

  void app.register(webhooksPlugin, { routes: opts.webhookRoutes, deps: opts.ingest, isReady: opts.isReady, auth, ...(opts.onIngest ? { onResult: opts.onIngest } : {}) });
  void app.register(apiPlugin, { store: opts.store, auth, shops: opts.shops, now: opts.now, runs: opts.runs, newId: opts.ingest.ids });
  return app;
}
