import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { startFakeLlmServer, type FakeLlmServer, type LlmFailStep, type LlmVendor } from "./fake-llm-server.js";

export interface FakeOpenAiOptions {
  apiKey: string;
  failPlan?: readonly LlmFailStep[];
  /** The structured answer the "model" gives for a request. */
  answer: (requestBody: Record<string, unknown>) => unknown;
  /** Serve under this prefix, as OpenAI-compatible gateways do (default "/v1"). */
  prefix?: string;
}

const ERROR_TYPES: Record<number, string> = { 400: "invalid_request_error", 401: "invalid_request_error", 404: "invalid_request_error", 429: "rate_limit_exceeded" };

/** api.openai.com's Chat Completions on 127.0.0.1: Bearer auth, strict json_schema response_format, OpenAI's error bodies. */
export function startFakeOpenAi(opts: FakeOpenAiOptions): Promise<FakeLlmServer> {
  const vendor: LlmVendor = {
    path: `${opts.prefix ?? "/v1"}/chat/completions`,
    checkHeaders(req: IncomingMessage) {
      const auth = req.headers.authorization;
      if (auth === `Bearer ${opts.apiKey}`) return undefined;
      if (!auth) return { status: 401, type: "invalid_request_error", message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)." };
      return { status: 401, type: "invalid_request_error", message: "Incorrect API key provided." };
    },
    checkBody(body) {
      if (typeof body.model !== "string") return "you must provide a model parameter";
      const messages = body.messages;
      if (!Array.isArray(messages) || messages.length === 0) return "'messages' must be a non-empty array";
      for (const m of messages as Array<Record<string, unknown>>) {
        if (!["system", "developer", "user", "assistant"].includes(String(m.role)) || typeof m.content !== "string") return "each message needs a role and string content";
      }
      const rf = body.response_format as { type?: string; json_schema?: { name?: unknown; schema?: unknown; strict?: unknown } } | undefined;
      if (rf === undefined) return undefined;
      if (rf.type !== "json_schema") return "response_format.type must be 'json_schema' here";
      if (typeof rf.json_schema?.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(rf.json_schema.name)) return "response_format.json_schema.name must match ^[a-zA-Z0-9_-]{1,64}$";
      if (typeof rf.json_schema.schema !== "object" || rf.json_schema.schema === null) return "response_format.json_schema.schema must be an object";
      return undefined;
    },
    errorBody: (status, type, message) => JSON.stringify({ error: { message, type, param: null, code: status === 401 ? "invalid_api_key" : null } }),
    defaultErrorType: (status) => ERROR_TYPES[status] ?? "server_error",
    success(body, answer, mode) {
      const content = mode === "garbage" ? String(answer) : JSON.stringify(answer);
      return {
        id: `chatcmpl-${randomUUID()}`,
        object: "chat.completion",
        created: 1_764_201_600,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
      };
    },
  };
  return startFakeLlmServer(vendor, { answer: opts.answer, ...(opts.failPlan ? { failPlan: opts.failPlan } : {}) });
}
