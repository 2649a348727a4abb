import { afterEach, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../src/ai/llm/anthropic-provider.js";
import { startFakeAnthropic } from "../../src/ai/llm/fake-anthropic-server.js";
import type { FakeLlmServer, LlmFailStep } from "../../src/ai/llm/fake-llm-server.js";
import { CUSTOMER_TEXT, GOOD_ANSWER, request } from "./llm-request.js";

const KEY = "sk-ant-test-0123456789";
let fake: FakeLlmServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(failPlan: LlmFailStep[] = [], opts: { key?: string; answer?: unknown } = {}) {
  fake = await startFakeAnthropic({ apiKey: KEY, failPlan, answer: () => opts.answer ?? GOOD_ANSWER });
  return new AnthropicProvider({ apiKey: opts.key ?? KEY, baseUrl: fake.url, model: "claude-haiku-4-5", timeoutMs: 5_000 });
}

describe("AnthropicProvider against the fake Messages API", () => {
  it("forces one tool call whose input_schema is the requested schema; the customer text is only in the user turn", async () => {
    const provider = await setUp();
    const res = await provider.completeJson(request);
    expect(res).toEqual({ ok: true, json: GOOD_ANSWER, model: "claude-haiku-4-5", usage: { inputTokens: 140, outputTokens: 35 } });
    const body = fake!.requests[0]!.body as any;
    expect(fake!.requests[0]!.path).toBe("/v1/messages");
    expect(body.tools).toEqual([{ name: "ticket_classification", description: expect.any(String), input_schema: request.jsonSchema }]);
    expect(body.tool_choice).toEqual({ type: "tool", name: "ticket_classification" });
    expect(body.max_tokens).toBe(100);
    expect(body.system).toContain("Pick one intent.");
    expect(body.system).not.toContain(CUSTOMER_TEXT);
    expect(body.messages).toEqual([{ role: "user", content: JSON.stringify({ message: CUSTOMER_TEXT }) }]);
  });

  it("maps a wrong x-api-key to llm_auth without echoing the key", async () => {
    const provider = await setUp([], { key: "sk-ant-wrong-999999" });
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error).toEqual({ code: "llm_auth", retryable: false, message: "anthropic: HTTP 401: invalid x-api-key" });
    expect(res.ok ? "" : res.error.message).not.toContain("sk-ant-wrong");
  });

  it("maps 429 + Retry-After, 529 overloaded and 500 to retryable codes", async () => {
    const provider = await setUp([{ status: 429, retryAfter: "3" }, 529, 500]);
    const errors = [];
    for (let i = 0; i < 3; i++) {
      const res = await provider.completeJson(request);
      errors.push(res.ok ? null : res.error);
    }
    expect(errors[0]).toMatchObject({ code: "llm_rate_limited", retryable: true, retryAfterMs: 3000 });
    expect(errors[1]).toMatchObject({ code: "llm_unavailable", retryable: true, message: expect.stringContaining("HTTP 529") });
    expect(errors[2]).toMatchObject({ code: "llm_unavailable", retryable: true });
  });

  it("maps 400 to llm_bad_request with Anthropic's message", async () => {
    const provider = await setUp([400]);
    const res = await provider.completeJson(request);
    expect(res.ok ? null : res.error).toMatchObject({ code: "llm_bad_request", retryable: false, message: "anthropic: HTTP 400: injected 400" });
  });

  it("rejects an answer without the tool call, or with an off-schema input", async () => {
    const provider = await setUp(["garbage", "off-schema"]);
    const first = await provider.completeJson(request);
    const second = await provider.completeJson(request);
    expect(first.ok ? null : first.error.code).toBe("llm_invalid_json");
    expect(second.ok ? null : second.error.code).toBe("llm_schema_mismatch");
  });
});
