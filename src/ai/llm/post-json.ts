import { systemClock, type Clock } from "../../core/clock.js";
import { parseRetryAfter } from "../../flows/delivery-result.js";
import { errorForStatus, llmError } from "./llm-error.js";
import type { LlmError } from "./port.js";

export interface PostJsonOptions {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** Pulls the human-readable message out of the vendor's error body. */
  errorDetail: (body: unknown) => string | undefined;
  /** Values never to repeat in an error message (the API key), should a vendor echo them. */
  secrets?: readonly string[];
}

export type PostJsonResult = { ok: true; json: unknown } | { ok: false; error: LlmError };

/** POSTs a JSON request to an LLM API; never throws, never echoes a credential. */
export async function postJson(opts: PostJsonOptions): Promise<PostJsonResult> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await doFetch(opts.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...opts.headers },
      body: JSON.stringify(opts.body),
      signal,
      redirect: "manual",
    });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    text = await res.text();
  } catch (err) {
    if (timeout.aborted) return { ok: false, error: llmError("llm_timeout", `${opts.provider}: no answer within ${opts.timeoutMs} ms`, true) };
    if (opts.signal?.aborted) return { ok: false, error: llmError("llm_timeout", `${opts.provider}: aborted before an answer`, true) };
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
    return { ok: false, error: llmError("llm_unavailable", `${opts.provider}: network error${cause}`, true) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (status >= 200 && status < 300) return { ok: false, error: llmError("llm_invalid_json", `${opts.provider}: the response body is not JSON`, true) };
    json = undefined;
  }
  if (status >= 200 && status < 300) return { ok: true, json };
  const raw = (json === undefined ? undefined : opts.errorDetail(json)) ?? text.slice(0, 300);
  const detail = (opts.secrets ?? []).reduce((acc, secret) => (secret ? acc.split(secret).join("[redacted]") : acc), raw);
  const clock = opts.clock ?? systemClock;
  return { ok: false, error: errorForStatus(opts.provider, status, detail, parseRetryAfter(retryAfter, clock.now())) };
}
