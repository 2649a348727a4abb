/**
 * The one seam between Firebreak and a language model. Classification and drafting ask for
 * schema-shaped JSON; a provider (OpenAI-compatible, Anthropic, a test fake) speaks its vendor's
 * wire format behind it. Customer text travels in `data`, never inside `instruction` or `system`,
 * so a message that tries to instruct the model stays quoted data.
 */
export interface LlmRequest {
  /** What the model is and the rules it must keep (ours, never the customer's). */
  system: string;
  /** The task, written by us. */
  instruction: string;
  /** Facts, passages and the (redacted) customer message, passed as quoted JSON data. */
  data: Record<string, unknown>;
  /** A JSON Schema the answer must satisfy; the provider validates before returning ok. */
  jsonSchema: Record<string, unknown>;
  /** A short name for the schema (OpenAI's response_format name, Anthropic's tool name). */
  schemaName: string;
  maxTokens?: number;
}

export interface LlmError {
  /** Stable: llm_rate_limited, llm_unavailable, llm_timeout, llm_bad_request, llm_auth, llm_invalid_json, llm_schema_mismatch. */
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export type LlmResult =
  | { ok: true; json: unknown; model: string; usage?: { inputTokens: number; outputTokens: number } }
  | { ok: false; error: LlmError };

export interface LlmProvider {
  /** "openai" or "anthropic" (or a test double's name). */
  readonly name: string;
  /** The model id sent on the wire; recorded with every AI decision. */
  readonly model: string;
  completeJson(req: LlmRequest, signal?: AbortSignal): Promise<LlmResult>;
}
