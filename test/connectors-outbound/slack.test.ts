import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildExceptionAlert, type ExceptionAlert } from "../../src/connectors/slack/alert-body.js";
import { createSlackChannel } from "../../src/connectors/slack/client.js";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import { action, ctx } from "./helpers.js";

/** The slice of Block Kit these assertions read. */
interface Block {
  type: string;
  text?: { type: string; text: string; emoji?: boolean };
  fields?: Array<{ text: string }>;
  elements?: Array<{ text: string }>;
}
const blocksOf = (blocks: unknown): Block[] => blocks as Block[];

const alert: ExceptionAlert = {
  orderName: "#1001",
  orderId: "gid://shopify/Order/820982911946154508",
  shipmentKey: "1Z999AA10123456784",
  carrier: "UPS",
  trackingNumber: "1Z999AA10123456784",
  trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  tag: "Exception",
  subtag: "Exception_013",
  kind: "delivery_exception",
  detail: "Carrier reports the parcel lost <after> scan & sort",
  adminUrl: "https://admin.shopify.com/store/demo/orders/820982911946154508",
  escalated: false,
};

describe("buildExceptionAlert", () => {
  it("builds a header, a section with the facts, and a context line", () => {
    const msg = buildExceptionAlert(alert);
    expect(msg.text).toBe("Order #1001: delivery exception — Carrier reports the parcel lost <after> scan & sort");
    const [header, section, context] = blocksOf(msg.blocks);
    expect(header).toEqual({ type: "header", text: { type: "plain_text", text: "#1001: delivery exception", emoji: true } });
    expect(section?.type).toBe("section");
    expect(section?.text?.text).toBe("Carrier reports the parcel lost &lt;after&gt; scan &amp; sort"); // Slack's control characters escaped
    const fields = (section?.fields ?? []).map((f) => f.text);
    expect(fields).toContain("*Order*\n<https://admin.shopify.com/store/demo/orders/820982911946154508|#1001>");
    expect(fields).toContain("*Status*\nException (Exception_013)");
    expect(fields).toContain("*Tracking*\n<https://www.ups.com/track?tracknum=1Z999AA10123456784|1Z999AA10123456784>");
    expect(context?.type).toBe("context");
    expect(context?.elements?.[0]?.text).toContain("shipment 1Z999AA10123456784");
  });

  it("marks an escalation and copes with missing tracking", () => {
    const msg = buildExceptionAlert({ ...alert, escalated: true, carrier: null, trackingNumber: null, trackingUrl: null, subtag: null, adminUrl: undefined });
    expect(msg.text.startsWith("ESCALATED: Order #1001")).toBe(true);
    const fields = (blocksOf(msg.blocks)[1]?.fields ?? []).map((f) => f.text);
    expect(fields).toEqual(["*Order*\n#1001", "*Status*\nException", "*Carrier*\nunknown", "*Tracking*\n_none yet_"]);
  });

  it("keeps the header within Block Kit's 150 characters", () => {
    const msg = buildExceptionAlert({ ...alert, orderName: "#".padEnd(400, "9") });
    expect(blocksOf(msg.blocks)[0]?.text?.text.length).toBeLessThanOrEqual(150);
  });
});

describe("slack.alert against the fake", () => {
  let fake: FakeSlack;
  let slack: ReturnType<typeof createSlackChannel>;
  beforeAll(async () => {
    fake = await startFakeSlack();
    slack = createSlackChannel({ webhookUrl: fake.url, timeoutMs: 200 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const alertAction = (key = "exception-alert:1001:1Z999") => action("slack.alert", { ...buildExceptionAlert(alert) }, key);

  it("posts the alert with the idempotency key in a context block; Slack answers ok", async () => {
    expect(await slack.send(alertAction(), ctx())).toEqual({ ok: true, status: 200, detail: "HTTP 200" });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.idempotencyKey).toBe("exception-alert:1001:1Z999");
    expect(fake.messages[0]?.blocks).toHaveLength(4);
  });

  it("a plain-text message keeps its text visible once the marker block is added", async () => {
    await slack.send(action("slack.alert", { text: "Low stock: SKU-1 has 3 days of cover" }, "low-stock:SKU-1:1"), ctx());
    const blocks = blocksOf(fake.messages[0]?.blocks);
    expect(blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "Low stock: SKU-1 has 3 days of cover" } });
    expect(fake.messages[0]?.idempotencyKey).toBe("low-stock:SKU-1:1");
  });

  it("Slack has no dedupe: a resend posts twice, and the fake counts the duplicate by key", async () => {
    await slack.send(alertAction(), ctx());
    await slack.send(alertAction(), ctx());
    expect(fake.messages).toHaveLength(2);
    expect(fake.duplicates).toBe(1);
    expect(fake.keyCounts.get("exception-alert:1001:1Z999")).toBe(2);
  });

  it("429 with Retry-After and 5xx are retryable", async () => {
    fake.failPlan.push({ status: 429, retryAfter: "30" }, 503);
    expect(await slack.send(alertAction(), ctx())).toMatchObject({ ok: false, retryable: true, retryAfterMs: 30_000, code: "RATE_LIMITED" });
    expect(await slack.send(alertAction(), ctx())).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(fake.messages).toHaveLength(0);
  });

  it("an archived channel is permanent, with Slack's word as the code", async () => {
    fake.failPlan.push({ status: 410, body: "channel_is_archived" });
    expect(await slack.send(alertAction(), ctx())).toMatchObject({ ok: false, retryable: false, status: 410, code: "SLACK_CHANNEL_IS_ARCHIVED" });
  });

  it("a wrong webhook URL is a permanent no_service, and the error does not leak the URL", async () => {
    const secret = new URL(fake.url).pathname;
    const wrong = createSlackChannel({ webhookUrl: `${fake.url}x`, timeoutMs: 200 });
    const result = await wrong.send(alertAction(), ctx());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 404, code: "SLACK_NO_SERVICE" });
    if (!result.ok) expect(result.error).not.toContain(secret);
  });

  it("hang and reset are retryable TIMEOUT and NETWORK", async () => {
    fake.failPlan.push("hang", "reset");
    expect(await slack.send(alertAction(), ctx())).toMatchObject({ ok: false, retryable: true, code: "TIMEOUT" });
    expect(await slack.send(alertAction(), ctx())).toMatchObject({ ok: false, retryable: true, code: "NETWORK" });
  });

  it("an empty payload is refused before sending; the fake refuses one too", async () => {
    expect(await slack.send(action("slack.alert", { text: "" }), ctx())).toMatchObject({ ok: false, retryable: false, code: "PAYLOAD_INVALID" });
    expect(fake.requests).toBe(0);
    const res = await fetch(fake.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect([res.status, await res.text()]).toEqual([400, "no_text"]);
    const garbled = await fetch(fake.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect([garbled.status, await garbled.text()]).toEqual([400, "invalid_payload"]);
  });
});
