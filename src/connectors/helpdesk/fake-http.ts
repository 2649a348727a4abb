import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyFailStep, FailPlan, readBody, type FailStep } from "../http/fake-failures.js";

/** One request a fake helpdesk received, as its handler saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonFakeSpec {
  /** True when the Authorization header is what the vendor would accept. */
  authorize(authorization: string | undefined): boolean;
  unauthorized(): FakeReply;
  /** The vendor's error body for an injected status (a 429 or 500 looks like the vendor's). */
  errorBody(status: number): unknown;
  handle(req: RecordedRequest, baseUrl: string): FakeReply;
  failPlan?: readonly FailStep[];
}

export interface JsonFake {
  url: string;
  readonly requests: readonly RecordedRequest[];
  readonly failPlan: FailPlan;
  /** Every request that reached the fake, failed ones included (`requests` holds the ones it read). */
  readonly attempts: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP shell the Gorgias and Zendesk fakes share: injected failures, auth, JSON in and out, a request log. */
export async function startJsonFake(spec: JsonFakeSpec): Promise<JsonFake> {
  const failPlan = new FailPlan(spec.failPlan);
  const requests: RecordedRequest[] = [];
  let attempts = 0;
  let baseUrl = "";
  const send = (res: ServerResponse, reply: FakeReply) => {
    const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(reply.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...reply.headers }).end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    attempts++;
    const step = failPlan.next();
    // "accept-then-hang" does the work and only then stays silent: the answer is lost, not the write.
    const silent = step === "accept-then-hang";
    if (step !== undefined && !silent) {
      applyFailStep(step, req, res, (status) => ({ contentType: "application/json", body: JSON.stringify(spec.errorBody(status)) }));
      return;
    }
    const url = new URL(req.url ?? "/", baseUrl);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) return send(res, { status: 413, body: spec.errorBody(413) });
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return send(res, { status: 400, body: spec.errorBody(400) });
      }
    }
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body, authorization: req.headers.authorization };
    requests.push(recorded);
    if (!spec.authorize(req.headers.authorization)) return send(res, spec.unauthorized());
    const reply = spec.handle(recorded, baseUrl);
    if (silent) return;
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: spec.errorBody(500) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    get attempts() {
      return attempts;
    },
    failPlan,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { isRecord } from "../../core/object-path.js";

/** An opaque page cursor over a list position, as vendors hand them out. */
export const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString("base64url");
export function decodeCursor(cursor: string | null): number | null {
  if (cursor === null || cursor === "") return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return m ? Number(m[1]) : null;
}
