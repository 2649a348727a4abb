import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyFailStep, FailPlan, readBody, type ErrorBody, type FailStep } from "../../connectors/http/fake-failures.js";

/**
 * One misbehaviour for the next request: an HTTP failure (400, 401, 429 with Retry-After, 5xx, hang,
 * reset), `garbage` (200, but the model's answer is prose, not JSON), `off-schema` (200, JSON
 * that breaks the schema) or `not-json` (200 with a body that is not JSON at all).
 */
export type LlmFailStep = FailStep | 400 | 401 | 529 | "garbage" | "off-schema" | "not-json";

export interface RecordedLlmRequest {
  path: string;
  status: number;
  /** The parsed request body: tests check the wire format our providers send. */
  body: unknown;
}

/** What a vendor fake supplies: its path, its auth and request checks, its body shapes. */
export interface LlmVendor {
  path: string;
  /** An error (status, vendor error type, message) when the headers do not authenticate. */
  checkHeaders(req: IncomingMessage): { status: number; type: string; message: string } | undefined;
  /** A 400 message when the body is not what the vendor accepts. */
  checkBody(body: Record<string, unknown>): string | undefined;
  errorBody(status: number, type: string, message: string): string;
  defaultErrorType(status: number): string;
  /** A 200 body carrying `answer` as the model's structured output (or prose, for `garbage`). */
  success(body: Record<string, unknown>, answer: unknown, mode: "json" | "garbage"): unknown;
}

export interface FakeLlmServer {
  url: string;
  readonly requests: readonly RecordedLlmRequest[];
  readonly failPlan: FailPlan;
  /** Replaces how the "model" answers (the structured output for a request body). */
  setAnswer(answer: (requestBody: Record<string, unknown>) => unknown): void;
  close(): Promise<void>;
}

export async function startFakeLlmServer(vendor: LlmVendor, opts: { failPlan?: readonly LlmFailStep[]; answer: (body: Record<string, unknown>) => unknown }): Promise<FakeLlmServer> {
  const failPlan = new FailPlan(opts.failPlan as FailStep[] | undefined);
  const requests: RecordedLlmRequest[] = [];
  let answer = opts.answer;
  const errorOf = (status: number, type?: string, message?: string): ErrorBody => ({
    contentType: "application/json",
    body: vendor.errorBody(status, type ?? vendor.defaultErrorType(status), message ?? `injected ${status}`),
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req, 10 * 1024 * 1024);
    let body: unknown;
    try {
      body = JSON.parse(raw?.toString("utf8") ?? "");
    } catch {
      body = undefined;
    }
    const record: RecordedLlmRequest = { path: new URL(req.url ?? "/", "http://fake").pathname, status: 0, body };
    requests.push(record);
    const reply = (status: number, text: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
    };
    if (req.method !== "POST" || record.path !== vendor.path) return reply(404, errorOf(404, undefined, `no route ${req.method} ${record.path}`).body);
    const authError = vendor.checkHeaders(req);
    if (authError) return reply(authError.status, errorOf(authError.status, authError.type, authError.message).body);
    if (typeof body !== "object" || body === null || Array.isArray(body)) return reply(400, errorOf(400, undefined, "the body must be a JSON object").body);
    const problem = vendor.checkBody(body as Record<string, unknown>);
    if (problem) return reply(400, errorOf(400, undefined, problem).body);

    const step = failPlan.next() as LlmFailStep | undefined;
    if (step === "garbage") return reply(200, JSON.stringify(vendor.success(body as Record<string, unknown>, "Sure! The intent is probably shipping.", "garbage")));
    if (step === "off-schema") return reply(200, JSON.stringify(vendor.success(body as Record<string, unknown>, { unexpected: true }, "json")));
    if (step === "not-json") return reply(200, "<html>upstream proxy error</html>");
    if (step !== undefined) {
      if (typeof step === "number" || typeof step === "object") record.status = typeof step === "number" ? step : step.status;
      return applyFailStep(step as FailStep, req, res, (status) => errorOf(status));
    }
    return reply(200, JSON.stringify(vendor.success(body as Record<string, unknown>, answer(body as Record<string, unknown>), "json")));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failPlan,
    setAnswer: (a) => {
      answer = a;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
