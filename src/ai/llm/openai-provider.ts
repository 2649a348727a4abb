import { llmError } from "./llm-error.js";
import type { LlmProvider, LlmRequest, LlmResult } from "./port.js";
import { postToProvider, usageOf, type LlmProviderOptions } from "./provider-http.js";
import { dataMessageOf, instructionsOf } from "./request-text.js";
import { checkAgainstSchema, parseModelJson } from "./schema-check.js";

interface ChatCompletion {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** Chat Completions with a strict json_schema response format. */
export class OpenAiProvider implements LlmProvider {
  readonly name = "openai";
  readonly model: string;
  constructor(private readonly opts: LlmProviderOptions) {
    this.model = opts.model;
  }

  async completeJson(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult> {
    const call = {
      path: "/chat/completions",
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
    };
    const res = await postToProvider(this.name, this.opts, call, signal);
    if (!res.ok) return res;
    const body = res.json as ChatCompletion;
    const choice = body.choices?.[0];
    if (choice?.message?.refusal) return { ok: false, error: llmError("llm_bad_request", `openai: the model refused: ${choice.message.refusal}`, false) };
    if (choice?.finish_reason === "length") return { ok: false, error: llmError("llm_invalid_json", "openai: the answer was cut off at the token limit", true) };
    const parsed = parseModelJson(this.name, choice?.message?.content);
    if (!parsed.ok) return parsed;
    const mismatch = checkAgainstSchema(this.name, req.jsonSchema, parsed.json);
    if (mismatch) return { ok: false, error: mismatch };
    return { ok: true, json: parsed.json, model: body.model ?? this.model, ...usageOf(body.usage?.prompt_tokens, body.usage?.completion_tokens) };
  }
}
