import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { classifyResponse, MAX_ERROR_BODY_CHARS, sendJson } from "../../src/connectors/http/send-json.js";
import { FakeClock } from "../../src/core/clock.js";

/** A stand-in fetch answering one canned Response: these cases need no socket. */
const answer = (status: number, body = "", headers: Record<string, string> = {}): typeof fetch =>
  (async () => new Response(status === 204 || status === 304 ? null : body, { status, headers })) as typeof fetch;

const base = { url: "https://api.example.test/x", label: "vendor POST /x", headers: { authorization: "Bearer sk_live_supersecret" }, body: { a: 1 }, timeoutMs: 1_000 };

describe("classifyResponse", () => {
  it("maps statuses to retry meaning", () => {
    const cases: Array<[number, boolean | "ok", string]> = [
      [200, "ok", ""], [201, "ok", ""], [202, "ok", ""],
      [408, true, "REQUEST_TIMEOUT"], [425, true, "TOO_EARLY"], [429, true, "RATE_LIMITED"],
      [500, true, "SERVER_ERROR"], [502, true, "SERVER_ERROR"], [503, true, "SERVER_ERROR"], [504, true, "SERVER_ERROR"],
      [400, false, "BAD_REQUEST"], [401, false, "UNAUTHORIZED"], [403, false, "FORBIDDEN"], [404, false, "NOT_FOUND"],
      [410, false, "GONE"], [418, false, "CLIENT_ERROR"], [422, false, "UNPROCESSABLE"], [301, false, "UNEXPECTED_REDIRECT"],
    ];
    for (const [status, retry, code] of cases) {
      const r = classifyResponse("l", status, "", undefined);
      if (retry === "ok") expect(r, String(status)).toEqual({ ok: true, status, detail: `HTTP ${status}` });
      else expect(r, String(status)).toMatchObject({ ok: false, retryable: retry, code, status });
    }
  });

  it("truncates a large error body to 2 KB", () => {
    const r = classifyResponse("l", 400, "x".repeat(10_000), undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.length).toBeLessThan(MAX_ERROR_BODY_CHARS + 100);
      expect(r.error).toContain("[truncated 7952 chars]");
    }
  });
});

describe("sendJson", () => {
  it("reads an HTTP-date Retry-After against the injected clock", async () => {
    const clock = new FakeClock("2015-10-21T07:27:00Z");
    const r = await sendJson({ ...base, clock, fetch: answer(429, "slow down", { "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }) });
    expect(r).toMatchObject({ ok: false, retryable: true, retryAfterMs: 90_000 });
  });

  it("honours Retry-After on a 503 too", async () => {
    expect(await sendJson({ ...base, fetch: answer(503, "", { "retry-after": "30" }) })).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it("never returns a credential, even when the vendor echoes it", async () => {
    const r = await sendJson({ ...base, fetch: answer(400, '{"error":"bad header Bearer sk_live_supersecret"}') });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).not.toContain("sk_live_supersecret");
      expect(r.error).toContain("[redacted]");
      expect(r.error).not.toContain("api.example.test/x"); // the label names the call, not the URL
    }
  });

  it("posts JSON with the caller's headers", async () => {
    let seen: { method?: string; headers?: Headers; body?: string } = {};
    const spy = (async (_url: string, init: RequestInit) => {
      seen = { method: init.method, headers: new Headers(init.headers), body: String(init.body) };
      return new Response("ok", { status: 200 });
    }) as unknown as typeof fetch;
    await sendJson({ ...base, fetch: spy });
    expect(seen.method).toBe("POST");
    expect(seen.headers?.get("content-type")).toBe("application/json");
    expect(seen.headers?.get("authorization")).toBe("Bearer sk_live_supersecret");
    expect(JSON.parse(seen.body ?? "")).toEqual({ a: 1 });
  });

  it("a caller abort (shutdown) is retryable ABORTED, not a timeout", async () => {
    const ac = new AbortController();
    ac.abort();
    const rejectsWithAbort = ((_u: string, init: RequestInit) => Promise.reject(init.signal?.reason)) as unknown as typeof fetch;
    expect(await sendJson({ ...base, signal: ac.signal, fetch: rejectsWithAbort })).toMatchObject({ ok: false, retryable: true, code: "ABORTED" });
  });

  it("a caller's deadline (an abort with a TimeoutError) is a TIMEOUT, not a shutdown", async () => {
    const ac = new AbortController();
    ac.abort(new DOMException("no answer within 200 ms", "TimeoutError"));
    const rejectsWithAbort = ((_u: string, init: RequestInit) => Promise.reject(init.signal?.reason)) as unknown as typeof fetch;
    expect(await sendJson({ ...base, signal: ac.signal, fetch: rejectsWithAbort })).toMatchObject({ ok: false, retryable: true, code: "TIMEOUT" });
  });

  it("a bad URL or an unserialisable body is permanent", async () => {
    expect(await sendJson({ ...base, url: "not a url" })).toMatchObject({ ok: false, retryable: false, code: "INVALID_URL" });
    expect(await sendJson({ ...base, body: { n: 1n }, fetch: answer(200) })).toMatchObject({ ok: false, retryable: false, code: "BODY_UNSERIALIZABLE" });
  });

  it("a refused connection is a retryable NETWORK error with the cause", async () => {
    // A port that was just free and is now closed: connect fails at once.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const r = await sendJson({ ...base, url: `http://127.0.0.1:${port}/x`, timeoutMs: 2_000 });
    expect(r).toMatchObject({ ok: false, retryable: true, code: "NETWORK" });
    if (!r.ok) expect(r.error).toMatch(/ECONNREFUSED/);
  });
});
