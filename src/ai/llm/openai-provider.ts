import type { Clock } from "../../core/clock.js";
import { llmError } from "./llm-error.js";
import type { LlmProvider, LlmRequest, LlmResult } from "./port.js";
import { postJson } from "./post-json.js";
import { dataMessageOf, instructionsOf } from "./request-text.js";
import { checkAgainstSchema, parseModelJson } from "./schema-check.js";

export interface OpenAiProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible API root, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

interface ChatCompletion {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** Chat Completions with a strict json_schema response format. */
export class OpenAiProvider implements LlmProvider {
  readonly name = "openai";
  readonly model: string;
  constructor(private readonly opts: OpenAiProviderOptions) {
    this.model = opts.model;
  }

  async completeJson(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult> {
    const res = await postJson({
      provider: this.name,
      url: `${this.opts.baseUrl.replace(/\/+$/, "")}/chat/completions`,
      headers: { authorization: `Bearer ${this.opts.apiKey}` },
      body: {
        model: this.model,
        messages: [
          { role: "system", content: instructionsOf(req) },
          { role: "user", content: dataMessageOf(req) },
        ],
        response_format: { type: "json_schema", json_schema: { name: req.schemaName, schema: req.jsonSchema, strict: true } },
        ...(req.maxTokens === undefined ? {} : { max_completion_tokens: req.maxTokens }),
      },
      timeoutMs: this.opts.timeoutMs,
      ...(signal ? { signal } : {}),
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
      ...(this.opts.clock ? { clock: this.opts.clock } : {}),
      errorDetail: (b) => (b as { error?: { message?: string } }).error?.message,
    });
    if (!res.ok) return res;
    const body = res.json as ChatCompletion;
    const choice = body.choices?.[0];
    if (choice?.message?.refusal) return { ok: false, error: llmError("llm_bad_request", `openai: the model refused: ${choice.message.refusal}`, false) };
    if (choice?.finish_reason === "length") return { ok: false, error: llmError("llm_invalid_json", "openai: the answer was cut off at the token limit", true) };
    const parsed = parseModelJson(this.name, choice?.message?.content);
    if (!parsed.ok) return parsed;
    const mismatch = checkAgainstSchema(this.name, req.jsonSchema, parsed.json);
    if (mismatch) return { ok: false, error: mismatch };
    const usage = body.usage;
    return {
      ok: true,
      json: parsed.json,
      model: body.model ?? this.model,
      ...(usage ? { usage: { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 } } : {}),
    };
  }
}
