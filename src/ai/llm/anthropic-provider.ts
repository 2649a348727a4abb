import type { Clock } from "../../core/clock.js";
import { llmError } from "./llm-error.js";
import type { LlmProvider, LlmRequest, LlmResult } from "./port.js";
import { postJson } from "./post-json.js";
import { dataMessageOf, instructionsOf } from "./request-text.js";
import { checkAgainstSchema } from "./schema-check.js";

export const ANTHROPIC_VERSION = "2023-06-01";

export interface AnthropicProviderOptions {
  apiKey: string;
  /** The API root, e.g. https://api.anthropic.com (the path /v1/messages is added). */
  baseUrl: string;
  model: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

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
  constructor(private readonly opts: AnthropicProviderOptions) {
    this.model = opts.model;
  }

  async completeJson(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult> {
    const res = await postJson({
      provider: this.name,
      url: `${this.opts.baseUrl.replace(/\/+$/, "")}/v1/messages`,
      headers: { "x-api-key": this.opts.apiKey, "anthropic-version": ANTHROPIC_VERSION },
      body: {
        model: this.model,
        max_tokens: req.maxTokens ?? 1024,
        system: instructionsOf(req),
        messages: [{ role: "user", content: dataMessageOf(req) }],
        tools: [{ name: req.schemaName, description: `Record the answer as ${req.schemaName}.`, input_schema: req.jsonSchema }],
        tool_choice: { type: "tool", name: req.schemaName },
      },
      timeoutMs: this.opts.timeoutMs,
      ...(signal ? { signal } : {}),
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
      ...(this.opts.clock ? { clock: this.opts.clock } : {}),
      errorDetail: (b) => (b as { error?: { message?: string } }).error?.message,
    });
    if (!res.ok) return res;
    const body = res.json as MessagesResponse;
    const call = body.content?.find((c) => c.type === "tool_use" && c.name === req.schemaName);
    if (!call) {
      const why = body.stop_reason === "max_tokens" ? "the answer was cut off at the token limit" : `no ${req.schemaName} tool call in the answer`;
      return { ok: false, error: llmError("llm_invalid_json", `anthropic: ${why}`, true) };
    }
    const mismatch = checkAgainstSchema(this.name, req.jsonSchema, call.input);
    if (mismatch) return { ok: false, error: mismatch };
    const usage = body.usage;
    return {
      ok: true,
      json: call.input,
      model: body.model ?? this.model,
      ...(usage ? { usage: { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 } } : {}),
    };
  }
}
