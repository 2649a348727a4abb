import { afterEach, describe, expect, it } from "vitest";
import { OpenAiProvider } from "../../src/ai/llm/openai-provider.js";
import { startFakeOpenAi } from "../../src/ai/llm/fake-openai-server.js";
import type { FakeLlmServer, LlmFailStep } from "../../src/ai/llm/fake-llm-server.js";
import { FakeClock } from "../../src/core/clock.js";
import { postJson } from "../../src/ai/llm/post-json.js";
import { CUSTOMER_TEXT, GOOD_ANSWER, request } from "./llm-request.js";

const KEY = "sk-test-0123456789abcdef";
let fake: FakeLlmServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(failPlan: LlmFailStep[] = [], opts: { key?: string; answer?: unknown; timeoutMs?: number } = {}) {
  fake = await startFakeOpenAi({ apiKey: KEY, failPlan, answer: () => opts.answer ?? GOOD_ANSWER });
  const clock = new FakeClock(Date.parse("2026-11-27T06:00:00Z"));
  return new OpenAiProvider({ apiKey: opts.key ?? KEY, baseUrl: `${fake.url}/v1/`, model: "gpt-4o-mini", timeoutMs: opts.timeoutMs ?? 5_000, clock });
}

describe("OpenAiProvider against the fake Chat Completions API", () => {
  it("sends a strict json_schema request with the customer text only in the user message", async () => {
    const provider = await setUp();
    const res = await provider.completeJson(request);
    expect(res).toEqual({ ok: true, json: GOOD_ANSWER, model: "gpt-4o-mini", usage: { inputTokens: 120, outputTokens: 30 } });
    const body = fake!.requests[0]!.body as any;
    expect(fake!.requests[0]!.path).toBe("/v1/chat/completions");
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: "ticket_classification", schema: request.jsonSchema, strict: true } });
    expect(body.max_completion_tokens).toBe(100);
    expect(body.messages.map((m: any) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0].content).not.toContain(CUSTOMER_TEXT);
    expect(body.messages[0].content).toContain("Pick one intent.");
    expect(JSON.parse(body.messages[1].content)).toEqual({ message: CUSTOMER_TEXT });
  });

  it("maps a wrong key to llm_auth without echoing the key", async () => {
    const provider = await setUp([], { key: "sk-wrong-key-0000000000" });
    const res = await provider.completeJson(request);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({ code: "llm_auth", retryable: false });
    expect(res.error.message).toContain("Incorrect API key provided");
    expect(res.error.message).not.toContain("sk-wrong-key");
  });

  it("maps 429 with Retry-After to llm_rate_limited with the wait", async () => {
    const provider = await setUp([{ status: 429, retryAfter: "7" }]);
    const res = await provider.completeJson(request);
    expect(res).toEqual({ ok: false, error: { code: "llm_rate_limited", message: expect.stringContaining("HTTP 429"), retryable: true, retryAfterMs: 7000 } });
  });

  it("reads an HTTP-date Retry-After against the injected clock", async () => {
    const provider = await setUp([{ status: 429, retryAfter: "Fri, 27 Nov 2026 06:00:30 GMT" }]);
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error.retryAfterMs).toBe(30_000);
  });

  it.each([
    [500, "llm_unavailable", true],
    [503, "llm_unavailable", true],
    [400, "llm_bad_request", false],
  ] as const)("maps HTTP %i to %s", async (status, code, retryable) => {
    const provider = await setUp([status]);
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error).toMatchObject({ code, retryable });
  });

  it("rejects prose, off-schema JSON and a non-JSON body", async () => {
    const provider = await setUp(["garbage", "off-schema", "not-json"]);
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const res = await provider.completeJson(request);
      codes.push(res.ok ? "ok" : res.error.code);
    }
    expect(codes).toEqual(["llm_invalid_json", "llm_schema_mismatch", "llm_invalid_json"]);
  });

  it("rejects a confidence outside [0, 1] as a schema mismatch", async () => {
    const provider = await setUp([], { answer: { intent: "shipping/status", confidence: 1.7 } });
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error.code).toBe("llm_schema_mismatch");
  });

  it("maps a hung request to llm_timeout", async () => {
    const provider = await setUp(["hang"], { timeoutMs: 100 });
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error).toMatchObject({ code: "llm_timeout", retryable: true });
  });

  it("maps a caller's abort to llm_timeout", async () => {
    const provider = await setUp(["hang"]);
    const controller = new AbortController();
    const pending = provider.completeJson(request, controller.signal);
    controller.abort();
    const res = await pending;
    expect(res.ok ? null : res.error.code).toBe("llm_timeout");
  });

  it("maps a refused connection to llm_unavailable", async () => {
    const provider = await setUp();
    await fake!.close();
    fake = undefined;
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error).toMatchObject({ code: "llm_unavailable", retryable: true });
  });
});

describe("postJson", () => {
  it("never repeats the API key, even when the vendor's error body echoes it", async () => {
    const echo: typeof fetch = async () => new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.` } }), { status: 401 });
    const res = await postJson({ provider: "openai", url: "http://127.0.0.1:9/x", headers: {}, body: {}, timeoutMs: 1000, fetch: echo, errorDetail: (b: any) => b.error.message, secrets: [KEY] });
    expect(res).toEqual({ ok: false, error: { code: "llm_auth", message: "openai: HTTP 401: Incorrect API key provided: [redacted].", retryable: false } });
  });
});
