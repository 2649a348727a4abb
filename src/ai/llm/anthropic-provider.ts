import { llmError } from "./llm-error.js";
import type { LlmProvider, LlmRequest, LlmResult } from "./port.js";
import { postToProvider, usageOf, type LlmProviderOptions } from "./provider-http.js";
import { dataMessageOf, instructionsOf } from "./request-text.js";
import { checkAgainstSchema } from "./schema-check.js";

export const ANTHROPIC_VERSION = "2023-06-01";

interface MessagesResponse {
  model?: string;
  stop_reason?: string;
  content?: Array<{ type: string; name?: string; input?: unknown }>;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** Messages API with one forced tool call whose input_schema is the requested JSON Schema. */
export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly model: string;
  constructor(private readonly opts: LlmProviderOptions) {
    this.model = opts.model;
  }

  async completeJson(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult> {
    const call = {
      path: "/v1/messages",
      headers: { "x-api-key": this.opts.apiKey, "anthropic-version": ANTHROPIC_VERSION },
      body: {
        model: this.model,
        max_tokens: req.maxTokens ?? 1024,
        system: instructionsOf(req),
        messages: [{ role: "user", content: dataMessageOf(req) }],
        tools: [{ name: req.schemaName, description: `Record the answer as ${req.schemaName}.`, input_schema: req.jsonSchema }],
        tool_choice: { type: "tool", name: req.schemaName },
      },
    };
    const res = await postToProvider(this.name, this.opts, call, signal);
    if (!res.ok) return res;
    const body = res.json as MessagesResponse;
    const toolCall = body.content?.find((c) => c.type === "tool_use" && c.name === req.schemaName);
    if (!toolCall) {
      const why = body.stop_reason === "max_tokens" ? "the answer was cut off at the token limit" : `no ${req.schemaName} tool call in the answer`;
      return { ok: false, error: llmError("llm_invalid_json", `anthropic: ${why}`, true) };
    }
    const mismatch = checkAgainstSchema(this.name, req.jsonSchema, toolCall.input);
    if (mismatch) return { ok: false, error: mismatch };
    return { ok: true, json: toolCall.input, model: body.model ?? this.model, ...usageOf(body.usage?.input_tokens, body.usage?.output_tokens) };
  }
}
