import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.js";
import { configSecrets, createLogger, scrubSecrets } from "../../src/server/logger.js";
import { API_TOKEN, SHOP, SHOPIFY_SECRET } from "../helpers/harness.js";

const config = Config.parse({
  apiToken: API_TOKEN,
  apiTokens: [{ name: "ci", token: "ci-token-0123456789abcdef-ci-token" }],
  shops: [{ domain: SHOP, webhookSecrets: [SHOPIFY_SECRET], shippoTokens: ["shippo-url-token-0123456789"] }],
  tracking: { easypostSecrets: ["easypost-secret"], aftershipSecrets: ["aftership-secret"] },
  klaviyo: { apiKey: "pk_live_abcdef0123456789" },
  slack: { webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX" },
  store: { kind: "postgres", url: "postgres://firebreak:pg-pass-word@db:5432/firebreak" },
  logLevel: "debug",
});

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString("utf8")), done()) });
  return { lines, stream };
}

describe("the server logger", () => {
  it("knows every secret in the config", () => {
    expect(configSecrets(config).sort()).toEqual(
      [API_TOKEN, "ci-token-0123456789abcdef-ci-token", SHOPIFY_SECRET, "shippo-url-token-0123456789", "easypost-secret", "aftership-secret", "pk_live_abcdef0123456789", "/services/T000/B000/XXXXSECRETXXXX", "pg-pass-word"].sort(),
    );
  });

  it("scrubs secret values anywhere in a logged object or message, and censors credential paths", async () => {
    const { lines, stream } = capture();
    const logger = createLogger(config, stream);
    logger.warn({ req: { headers: { authorization: "Bearer anything-at-all", "x-shopify-hmac-sha256": "c2ln" } } }, "request");
    logger.error({ err: { message: `HTTP 401 from Klaviyo for key pk_live_abcdef0123456789` }, list: [[`token=${API_TOKEN}`]] }, `posting to https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX failed`);
    logger.info(new Error(`secret ${SHOPIFY_SECRET} in an error`), "boom");
    await new Promise((r) => setImmediate(r));
    const text = lines.join("");
    expect(lines).toHaveLength(3);
    for (const secret of [...configSecrets(config), "anything-at-all", "c2ln"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
    expect(JSON.parse(lines[1]!).msg).toBe("posting to https://hooks.slack.com[redacted] failed");
  });

  it("leaves other values and binary data alone", () => {
    const buf = Buffer.from("abc");
    expect(scrubSecrets({ a: 1, b: "plain", c: [null, true], d: buf }, ["secret"])).toEqual({ a: 1, b: "plain", c: [null, true], d: buf });
  });
});
