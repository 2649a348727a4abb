import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ANTHROPIC_VERSION } from "./anthropic-provider.js";
import { startFakeLlmServer, type FakeLlmServer, type LlmFailStep, type LlmVendor } from "./fake-llm-server.js";

export interface FakeAnthropicOptions {
  apiKey: string;
  failPlan?: readonly LlmFailStep[];
  /** The tool input the "model" gives for a request. */
  answer: (requestBody: Record<string, unknown>) => unknown;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

/** api.anthropic.com's Messages API on 127.0.0.1: x-api-key, anthropic-version, tool_use answers, Anthropic's error bodies. */
export function startFakeAnthropic(opts: FakeAnthropicOptions): Promise<FakeLlmServer> {
  const vendor: LlmVendor = {
    path: "/v1/messages",
    checkHeaders(req: IncomingMessage) {
      if (req.headers["x-api-key"] !== opts.apiKey) return { status: 401, type: "authentication_error", message: "invalid x-api-key" };
      if (!req.headers["anthropic-version"]) return { status: 400, type: "invalid_request_error", message: "anthropic-version: header is required" };
      if (req.headers["anthropic-version"] !== ANTHROPIC_VERSION) return { status: 400, type: "invalid_request_error", message: "anthropic-version: unsupported version" };
      return undefined;
    },
    checkBody(body) {
      if (typeof body.model !== "string") return "model: Field required";
      if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return "max_tokens: Field required";
      const messages = body.messages as Array<Record<string, unknown>> | undefined;
      if (!Array.isArray(messages) || messages.length === 0) return "messages: at least one message is required";
      if (messages[0]?.role !== "user") return "messages: first message must use the \"user\" role";
      if (body.system !== undefined && typeof body.system !== "string" && !Array.isArray(body.system)) return "system: Input should be a valid string";
      const tools = body.tools as Array<Record<string, unknown>> | undefined;
      const choice = body.tool_choice as { type?: string; name?: string } | undefined;
      if (tools !== undefined) {
        if (!Array.isArray(tools) || tools.some((t) => typeof t.name !== "string" || typeof t.input_schema !== "object")) return "tools: each tool needs a name and an input_schema";
        if (tools.some((t) => (t.input_schema as { type?: string }).type !== "object")) return "tools.0.input_schema.type: Input should be 'object'";
      }
      if (choice?.type === "tool" && !tools?.some((t) => t.name === choice.name)) return `tool_choice: tool '${String(choice.name)}' not found in tools`;
      return undefined;
    },
    errorBody: (_status, type, message) => JSON.stringify({ type: "error", error: { type, message } }),
    defaultErrorType: (status) => ERROR_TYPES[status] ?? "api_error",
    success(body, answer, mode) {
      const choice = body.tool_choice as { name?: string } | undefined;
      const content =
        mode === "garbage" || !choice?.name
          ? [{ type: "text", text: String(mode === "garbage" ? answer : JSON.stringify(answer)) }]
          : [{ type: "tool_use", id: `toolu_${randomUUID().replace(/-/g, "").slice(0, 24)}`, name: choice.name, input: answer }];
      return {
        id: `msg_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
        type: "message",
        role: "assistant",
        model: body.model,
        content,
        stop_reason: content[0]!.type === "tool_use" ? "tool_use" : "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 140, output_tokens: 35 },
      };
    },
  };
  return startFakeLlmServer(vendor, { answer: opts.answer, ...(opts.failPlan ? { failPlan: opts.failPlan } : {}) });
}
