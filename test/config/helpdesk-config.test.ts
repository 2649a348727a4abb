import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";

const TOKEN = "t".repeat(32);
const base = { FIREBREAK_API_TOKEN: TOKEN, FIREBREAK_SHOPIFY_SHOP: "snowdevil.myshopify.com", FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "s" };
let dir = "";
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe("helpdesk configuration", () => {
  it("sets the first shop's helpdesk from FIREBREAK_HELPDESK_*", () => {
    const r = loadConfig({
      env: { ...base, FIREBREAK_HELPDESK_KIND: "zendesk", FIREBREAK_HELPDESK_DOMAIN: "snowdevil", FIREBREAK_HELPDESK_EMAIL: "ops@snowdevil.example", FIREBREAK_HELPDESK_API_TOKEN: "zd-token", FIREBREAK_HELPDESK_INBOUND_SECRET: "signing-secret-0123456789, old-signing-secret-0123", FIREBREAK_HELPDESK_INTENT_FIELD_ID: "360001" },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.shops[0]).toMatchObject({ domain: "snowdevil.myshopify.com", webhookSecrets: ["s"] });
    expect(r.config.shops[0]!.helpdesk).toEqual({ kind: "zendesk", domain: "snowdevil", email: "ops@snowdevil.example", apiToken: "zd-token", inboundSecrets: ["signing-secret-0123456789", "old-signing-secret-0123"], intentFieldId: "360001", signatureToleranceSeconds: 300 });
  });

  it("lets the environment override the file's token and keeps the rest of the file's helpdesk", () => {
    dir = mkdtempSync(join(tmpdir(), "firebreak-config-"));
    const file = join(dir, "firebreak.yaml");
    writeFileSync(file, `shops:\n  - domain: snowdevil.myshopify.com\n    webhookSecrets: [s]\n    helpdesk:\n      kind: gorgias\n      domain: snowdevil\n      email: ops@snowdevil.example\n      apiToken: from-file\n`);
    const r = loadConfig({ file, env: { FIREBREAK_API_TOKEN: TOKEN, FIREBREAK_HELPDESK_API_TOKEN: "from-env" } });
    expect(r.ok && r.config.shops[0]!.helpdesk).toMatchObject({ kind: "gorgias", domain: "snowdevil", email: "ops@snowdevil.example", apiToken: "from-env" });
  });

  it("refuses a short inbound secret, a bad account name and an OAuth token on Gorgias", () => {
    const bad = (over: Record<string, string>) => loadConfig({ env: { ...base, FIREBREAK_HELPDESK_KIND: "gorgias", FIREBREAK_HELPDESK_DOMAIN: "snowdevil", ...over } });
    expect(bad({ FIREBREAK_HELPDESK_INBOUND_SECRET: "short" })).toMatchObject({ ok: false, errors: [expect.stringMatching(/inboundSecrets.*16 characters/)] });
    expect(bad({ FIREBREAK_HELPDESK_DOMAIN: "https://snowdevil.gorgias.com" })).toMatchObject({ ok: false, errors: [expect.stringContaining("account name")] });
    expect(bad({ FIREBREAK_HELPDESK_OAUTH_TOKEN: "x" })).toMatchObject({ ok: false, errors: [expect.stringContaining("oauthToken is for Zendesk")] });
  });
});
