import type { Clock } from "../../core/clock.js";
import { postJson, type PostJsonResult } from "./post-json.js";

/** What every HTTP provider needs; the key is sent, never logged or echoed. */
export interface LlmProviderOptions {
  apiKey: string;
  /** The API root: https://api.openai.com/v1 (or any OpenAI-compatible root), https://api.anthropic.com. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/** POSTs to `{baseUrl}{path}`; both vendors put the readable error in `error.message`. */
export function postToProvider(
  provider: string,
  opts: LlmProviderOptions,
  call: { path: string; headers: Record<string, string>; body: unknown },
  signal?: AbortSignal,
): Promise<PostJsonResult> {
  return postJson({
    provider,
    url: `${opts.baseUrl.replace(/\/+$/, "")}${call.path}`,
    headers: call.headers,
    body: call.body,
    timeoutMs: opts.timeoutMs,
    ...(signal ? { signal } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    errorDetail: (b) => (b as { error?: { message?: string } } | null)?.error?.message,
    secrets: [opts.apiKey],
  });
}

/** Token counts under our names, when the vendor reported them. */
export function usageOf(input: number | undefined, output: number | undefined): { usage?: { inputTokens: number; outputTokens: number } } {
  return input === undefined && output === undefined ? {} : { usage: { inputTokens: input ?? 0, outputTokens: output ?? 0 } };
}
