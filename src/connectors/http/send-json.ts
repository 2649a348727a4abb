import { systemClock, type Clock } from "../../core/clock.js";
import { delivered, failure, parseRetryAfter, type DeliveryResult } from "../../flows/delivery-result.js";

export interface JsonRequest {
  url: string;
  /** POST unless said otherwise (helpdesk updates are PUTs). */
  method?: "POST" | "PUT";
  /** Names the call in errors instead of the URL: a Slack webhook URL is itself a secret. */
  label: string;
  headers: Record<string, string>;
  body: unknown;
  /** A bound on the whole exchange, body included. */
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** A vendor-specific code for a permanent failure, read from its body ("SLACK_CHANNEL_IS_ARCHIVED"). */
  permanentErrorCode?: (status: number, body: string) => string | undefined;
}

export const MAX_ERROR_BODY_CHARS = 2048;
const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key", "cookie"]);

/**
 * POSTs (or PUTs) JSON and classifies the outcome for the dispatcher. Never throws and never echoes an
 * auth header: errors carry the label, the status and (for client errors) the vendor's body,
 * which is what an operator needs to fix a payload.
 */
export async function sendJson(req: JsonRequest): Promise<DeliveryResult> {
  const doFetch = req.fetch ?? globalThis.fetch;
  const clock = req.clock ?? systemClock;
  if (!URL.canParse(req.url)) return failure("INVALID_URL", `${req.label}: the configured URL is not a valid URL`, { retryable: false });

  let body: string;
  try {
    body = JSON.stringify(req.body);
  } catch (err) {
    return failure("BODY_UNSERIALIZABLE", `${req.label}: body is not JSON-serialisable: ${messageOf(err)}`, { retryable: false });
  }

  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const headers = { "content-type": "application/json", ...req.headers };
  const redact = redactor(headers);

  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    // redirect "manual": an API that answers a POST with a redirect is misconfigured, and following
    // it could replay the body (and credentials) somewhere unintended.
    const res = await doFetch(req.url, { method: req.method ?? "POST", headers, body, signal, redirect: "manual" });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    text = await res.text();
  } catch (err) {
    // The dispatcher's own deadline (same length, started a moment earlier) aborts with a TimeoutError.
    const callerTimedOut = req.signal?.aborted === true && (req.signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
    if (timeout.aborted || callerTimedOut) return failure("TIMEOUT", `${req.label}: no complete response within ${req.timeoutMs} ms`, { retryable: true });
    if (req.signal?.aborted) return failure("ABORTED", `${req.label}: aborted before a response (shutdown or lease end)`, { retryable: true });
    return failure("NETWORK", redact(`${req.label}: network error: ${networkMessage(err)}`), { retryable: true });
  }
  const result = classifyResponse(req.label, status, text, parseRetryAfter(retryAfter, clock.now()), redact);
  if (result.ok || result.retryable || !req.permanentErrorCode) return result;
  return { ...result, code: req.permanentErrorCode(status, text) ?? result.code };
}

/** Status → retry meaning. Exported for connectors that speak HTTP without JSON. */
export function classifyResponse(
  label: string,
  status: number,
  bodyText: string,
  retryAfterMs: number | undefined,
  redact: (s: string) => string = (s) => s,
): DeliveryResult {
  if (status >= 200 && status < 300) return delivered(status, `HTTP ${status}`);
  const shown = redact(truncate(bodyText.trim(), MAX_ERROR_BODY_CHARS));
  const error = `${label}: HTTP ${status}${shown ? `: ${shown}` : ""}`;
  if (status === 429) {
    return failure("RATE_LIMITED", error, retryAfterMs === undefined ? { retryable: true, status } : { retryable: true, status, retryAfterMs });
  }
  if (status === 408) return failure("REQUEST_TIMEOUT", error, { retryable: true, status });
  if (status === 425) return failure("TOO_EARLY", error, { retryable: true, status });
  if (status >= 500) {
    // 503 often carries Retry-After during maintenance; honour it when present.
    return failure("SERVER_ERROR", error, retryAfterMs === undefined ? { retryable: true, status } : { retryable: true, status, retryAfterMs });
  }
  if (status >= 300 && status < 400) return failure("UNEXPECTED_REDIRECT", error, { retryable: false, status });
  return failure(CLIENT_ERROR_CODES[status] ?? "CLIENT_ERROR", error, { retryable: false, status });
}

const CLIENT_ERROR_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  410: "GONE",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE",
};

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [truncated ${s.length - max} chars]`;
}

/** Removes credential values (and their tokens, e.g. the key after "Klaviyo-API-Key") from text. */
function redactor(headers: Record<string, string>): (s: string) => string {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!SENSITIVE_HEADERS.has(name.toLowerCase())) continue;
    secrets.push(value, ...value.split(/\s+/).filter((part) => part.length >= 8));
  }
  secrets.sort((a, b) => b.length - a.length);
  return (s) => secrets.reduce((acc, secret) => (secret ? acc.split(secret).join("[redacted]") : acc), s);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** undici reports "fetch failed" and hides the useful part (ECONNRESET, ECONNREFUSED…) in `cause`. */
function networkMessage(err: unknown): string {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${messageOf(err)} (${typeof code === "string" ? `${code}: ` : ""}${cause.message})`;
  }
  return messageOf(err);
}
