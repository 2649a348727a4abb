import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One injected misbehaviour for a fake vendor server, consumed by the next request:
 * a status (429 carries Retry-After), `hang` (never answer until the server closes),
 * `accept-then-hang` (do the work, then never answer: the lost acknowledgement),
 * or `reset` (drop the connection with a TCP RST).
 */
export type FailStep = 429 | 500 | 502 | 503 | "hang" | "accept-then-hang" | "reset" | { status: number; retryAfter?: string; body?: string };

/** A queue of failures for the next N requests; once empty, the fake behaves. */
export class FailPlan {
  readonly #steps: FailStep[];
  constructor(steps: readonly FailStep[] = []) {
    this.#steps = [...steps];
  }
  push(...steps: FailStep[]): void {
    this.#steps.push(...steps);
  }
  next(): FailStep | undefined {
    return this.#steps.shift();
  }
  clear(): void {
    this.#steps.length = 0;
  }
  get pending(): number {
    return this.#steps.length;
  }
}

export interface ErrorBody {
  contentType: string;
  body: string;
}

/**
 * Answers `req` as `step` says. `errorBody` renders the vendor's own error format for a status,
 * so an injected 500 looks like the vendor's 500.
 */
export function applyFailStep(step: FailStep, req: IncomingMessage, res: ServerResponse, errorBody: (status: number) => ErrorBody): void {
  // The server's close() destroys the socket. ("accept-then-hang" is the fake's own to play: it
  // does the work and only then stays silent.)
  if (step === "hang" || step === "accept-then-hang") return;
  if (step === "reset") {
    req.socket.resetAndDestroy();
    return;
  }
  const spec = typeof step === "number" ? { status: step } : step;
  const retryAfter = spec.retryAfter ?? (spec.status === 429 ? "1" : undefined);
  const rendered = spec.body === undefined ? errorBody(spec.status) : { contentType: "text/plain", body: spec.body };
  const headers: Record<string, string> = { "content-type": rendered.contentType };
  if (retryAfter !== undefined) headers["retry-after"] = retryAfter;
  res.writeHead(spec.status, headers).end(rendered.body);
}

/** Reads a request body up to `limit` bytes; undefined when it is larger. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
