import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../core/clock.js";
import { AuthFailureLimiter } from "./auth-limiter.js";
import { checkBearer, type ApiTokenEntry } from "./auth.js";
import { errorBody, httpStatusOf, type ErrorCode } from "./errors.js";

export interface Refusal {
  code: ErrorCode;
  message: string;
  headers: Record<string, string>;
}

export interface AuthGateOptions {
  tokens: readonly ApiTokenEntry[];
  rateLimit: { maxFailures: number; windowMs: number };
  clock: Clock;
}

/** Webhook rejections that are a failed authentication (a wrong secret or token), not bad content. */
const WEBHOOK_AUTH_FAILURES: ReadonlySet<ErrorCode> = new Set(["SIGNATURE_MISSING", "SIGNATURE_INVALID", "SHOP_UNKNOWN"]);
const CHALLENGE = { "www-authenticate": 'Bearer realm="firebreak"' };

/**
 * Who may call: API bearer tokens (with expiry) and, for every route that authenticates, a
 * per-source limit on failed attempts. One gate for the API and the webhooks, so a source that
 * guesses on one surface is slowed on both.
 */
export class AuthGate {
  readonly #limiter: AuthFailureLimiter;
  constructor(private readonly opts: AuthGateOptions) {
    this.#limiter = new AuthFailureLimiter({ ...opts.rateLimit, clock: opts.clock });
  }

  /** For /api/*: null when the bearer token is good, else why not (the failure is counted). */
  api(source: string, authorization: string | undefined): Refusal | null {
    const blocked = this.blocked(source);
    if (blocked) return blocked;
    const check = checkBearer(authorization, this.opts.tokens, this.opts.clock.now());
    if (check.ok) return null;
    this.#limiter.recordFailure(source);
    if (check.reason === "expired") return { code: "TOKEN_EXPIRED", message: `API token "${check.name}" has expired; issue a new one`, headers: CHALLENGE };
    return { code: "TOKEN_INVALID", message: "send Authorization: Bearer <FIREBREAK_API_TOKEN>", headers: CHALLENGE };
  }

  /** A refusal while the source is over its limit of failed attempts. */
  blocked(source: string): Refusal | null {
    const seconds = this.#limiter.blockedFor(source);
    if (seconds === 0) return null;
    return { code: "AUTH_RATE_LIMITED", message: `too many failed authentication attempts from this address; retry in ${seconds} s`, headers: { "retry-after": String(seconds) } };
  }

  /** Counts a webhook rejection against its source when it was an authentication failure. */
  webhookRejected(source: string, code: ErrorCode): void {
    if (WEBHOOK_AUTH_FAILURES.has(code)) this.#limiter.recordFailure(source);
  }
}

export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.code(httpStatusOf(refusal.code)).headers(refusal.headers).send(errorBody(refusal.code, refusal.message));
}

/** The API's onRequest hook: refuses before any route code runs (and before the body is read). */
export function apiAuthHook(gate: AuthGate) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const refusal = gate.api(req.ip, req.headers.authorization);
    if (refusal) return sendRefusal(reply, refusal);
  };
}
