import type { LlmError } from "./port.js";

export const llmError = (code: string, message: string, retryable: boolean, retryAfterMs?: number): LlmError =>
  retryAfterMs === undefined ? { code, message, retryable } : { code, message, retryable, retryAfterMs };

/**
 * HTTP status → the port's stable codes. 529 is Anthropic's "overloaded"; any 5xx means the
 * provider cannot answer now. `detail` is the vendor's own error message (never a header).
 */
export function errorForStatus(provider: string, status: number, detail: string, retryAfterMs: number | undefined): LlmError {
  const msg = `${provider}: HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 429) return llmError("llm_rate_limited", msg, true, retryAfterMs);
  if (status === 408) return llmError("llm_timeout", msg, true, retryAfterMs);
  if (status >= 500) return llmError("llm_unavailable", msg, true, retryAfterMs);
  if (status === 401 || status === 403) return llmError("llm_auth", msg, false);
  return llmError("llm_bad_request", msg, false);
}
