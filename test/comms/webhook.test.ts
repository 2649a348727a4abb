import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../src/core/clock.js";
import { createWebhookChannel } from "../../src/connectors/webhook/client.js";
import { signWebhook, verifyWebhook } from "../../src/connectors/webhook/signature.js";
import type { OutboxAction } from "../../src/core/outbox.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { easypostBody, fulfillmentBody, orderBody, ORDER_ID } from "../helpers/payloads.js";
import { easypostHeaders, shopifyHeaders } from "../helpers/harness.js";

const SECRET = "whsec_0123456789abcdef";

/** A receiver like an n8n webhook trigger: records each request and answers from a script. */
interface Receiver {
  url: string;
  requests: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>;
  answers: number[];
  close(): Promise<void>;
}
async function startReceiver(): Promise<Receiver> {
  const requests: Receiver["requests"] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answers.shift() ?? 200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, answers, close: () => new Promise((r) => server.close(() => r())) };
}

let receiver: Receiver | null = null;
let h: Harness | null = null;
let dir: string | null = null;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = receiver = dir = null;
});

const action = (over: Partial<OutboxAction> = {}): OutboxAction => ({
  id: "1",
  shop: "snowdevil.myshopify.com",
  idempotencyKey: "exception-hook:snowdevil:1001:1Z:lost",
  channel: "webhook.send",
  orderId: "1001",
  decisionId: null,
  payload: { event: "shipment.exception", data: { kind: "lost" } },
  status: "in_flight",
  createdAt: "2026-11-05T09:00:00.000Z",
  attempts: 0,
  nextAttemptAt: "2026-11-05T09:00:00.000Z",
  lastError: null,
  claimedBy: "boot",
  leaseUntil: null,
  deliveredAt: null,
  updatedAt: "2026-11-05T09:00:00.000Z",
  ...over,
});

describe("signature", () => {
  const now = new Date("2026-11-05T09:00:00.000Z");
  const ts = now.getTime() / 1000;
  const body = '{"id":"k","type":"x"}';
  it("is an HMAC-SHA256 of timestamp.body, and verifies only the same bytes, secret and a fresh timestamp", () => {
    const sig = signWebhook(SECRET, ts, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret: SECRET, signature: sig, timestamp: String(ts), rawBody: body, now })).toEqual({ ok: true });
    expect(verifyWebhook({ secret: SECRET, signature: sig, timestamp: String(ts), rawBody: body.replace("x", "y"), now })).toMatchObject({ ok: false, code: "SIGNATURE_MISMATCH" });
    expect(verifyWebhook({ secret: "another-secret-0000", signature: sig, timestamp: String(ts), rawBody: body, now })).toMatchObject({ ok: false, code: "SIGNATURE_MISMATCH" });
    expect(verifyWebhook({ secret: SECRET, signature: sig, timestamp: String(ts + 1), rawBody: body, now })).toMatchObject({ ok: false, code: "SIGNATURE_MISMATCH" });
    expect(verifyWebhook({ secret: SECRET, signature: sig, timestamp: String(ts), rawBody: body, now: new Date(now.getTime() + 301_000) })).toMatchObject({ ok: false, code: "TIMESTAMP_OUT_OF_TOLERANCE" });
    expect(verifyWebhook({ secret: SECRET, signature: "sha1=abc", timestamp: String(ts), rawBody: body, now })).toMatchObject({ ok: false, code: "SIGNATURE_MALFORMED" });
    expect(verifyWebhook({ secret: SECRET, signature: undefined, timestamp: String(ts), rawBody: body, now })).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
  });
});

describe("webhook channel", () => {
  it("POSTs a signed body with timestamp, idempotency key and event headers; 5xx is retryable, 4xx is not", async () => {
    receiver = await startReceiver();
    const clock = new FakeClock("2026-11-05T09:00:00.000Z");
    const channel = createWebhookChannel({ url: receiver.url, secret: SECRET, timeoutMs: 2000, clock });
    const signal = new AbortController().signal;
    expect(await channel.send(action(), { signal })).toMatchObject({ ok: true, status: 200 });
    const [req] = receiver.requests;
    expect(req!.headers).toMatchObject({ "x-firebreak-timestamp": "1793869200", "x-firebreak-idempotency-key": "exception-hook:snowdevil:1001:1Z:lost", "x-firebreak-event": "shipment.exception" });
    expect(JSON.parse(req!.body)).toEqual({ id: "exception-hook:snowdevil:1001:1Z:lost", type: "shipment.exception", shop: "snowdevil.myshopify.com", order_id: "1001", created_at: "2026-11-05T09:00:00.000Z", data: { kind: "lost" } });
    const verified = verifyWebhook({ secret: SECRET, signature: req!.headers["x-firebreak-signature"] as string, timestamp: req!.headers["x-firebreak-timestamp"] as string, rawBody: req!.body, now: clock.now() });
    expect(verified).toEqual({ ok: true });

    receiver.answers.push(503, 422);
    expect(await channel.send(action(), { signal })).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(await channel.send(action(), { signal })).toMatchObject({ ok: false, retryable: false, status: 422 });
    expect(await channel.send(action({ payload: { event: "Not An Event" } }), { signal })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
  });
});

const hookFlow = `
id: exception-hook
version: 1
description: Tells the brand's n8n workflow about every delivery exception.
trigger:
  events: [signal.raised]
  filter: 'signal.name == "delivery_exception"'
steps:
  - id: hook
    action: webhook.send
    input:
      event: shipment.exception
      data:
        order_name: '{{ order.name }}'
        tracking_number: '{{ shipment.tracking_number }}'
        kind: '{{ signal.facts.kind }}'
`;

describe("webhook.send from a flow", () => {
  it("a brand's flow reaches its own endpoint through the outbox, retried after a 500, delivered once", async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), "firebreak-hook-flows-"));
    writeFileSync(join(dir, "hook.yaml"), hookFlow);
    h = await startHarness({ flowsDir: dir, webhook: { url: receiver.url, secret: SECRET } }, "2026-11-05T09:00:00.000Z");
    const post = (url: string, payload: string, headers: Record<string, string>) => h!.app.server.inject({ method: "POST", url, payload, headers });
    const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
    await post("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
    const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
    await post("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
    const lost = easypostBody({ eventId: "evt_lost", scans: [{ at: "2026-11-05T08:00:00.000Z", status: "failure", detail: "lost" }] });
    receiver.answers.push(500);
    await post("/webhooks/tracking/easypost", lost, easypostHeaders(lost));
    await h.app.worker.runUntilIdle();
    expect(receiver.requests).toHaveLength(1);
    h.clock.advance(60_000);
    await h.app.worker.runUntilIdle();
    expect(receiver.requests).toHaveLength(2);
    const keys = receiver.requests.map((r) => r.headers["x-firebreak-idempotency-key"]);
    expect(new Set(keys).size).toBe(1);
    expect(JSON.parse(receiver.requests[1]!.body)).toMatchObject({ type: "shipment.exception", order_id: ORDER_ID, data: { order_name: "#9999", kind: "lost" } });
    expect((await h.app.store.listOutbox({ channel: "webhook.send" }))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });
});
