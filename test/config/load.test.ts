import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";

const TOKEN = "t".repeat(32);
let dir = "";
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
function yamlFile(text: string): string {
  dir = mkdtempSync(join(tmpdir(), "firebreak-config-"));
  const file = join(dir, "firebreak.yaml");
  writeFileSync(file, text);
  return file;
}

describe("configuration", () => {
  it("sets up a single shop from the environment alone", () => {
    const r = loadConfig({
      env: {
        PORT: "9100",
        FIREBREAK_DATA_DIR: "/var/lib/firebreak",
        FIREBREAK_API_TOKEN: TOKEN,
        FIREBREAK_SHOPIFY_SHOP: "snowdevil.myshopify.com",
        FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "new-secret, old-secret",
        FIREBREAK_EASYPOST_WEBHOOK_SECRET: "ep",
        FIREBREAK_AFTERSHIP_WEBHOOK_SECRET: "as",
        FIREBREAK_KLAVIYO_API_KEY: "pk_live",
        FIREBREAK_KLAVIYO_BASE_URL: "http://127.0.0.1:9999",
        FIREBREAK_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X",
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      port: 9100,
      dataDir: "/var/lib/firebreak",
      shops: [{ domain: "snowdevil.myshopify.com", webhookSecrets: ["new-secret", "old-secret"] }],
      tracking: { easypostSecrets: ["ep"], aftershipSecrets: ["as"] },
      klaviyo: { apiKey: "pk_live", baseUrl: "http://127.0.0.1:9999", revision: "2026-07-15" },
      slack: { webhookUrl: "https://hooks.slack.com/services/T/B/X" },
      store: { kind: "sqlite", synchronous: "FULL" },
    });
    expect(r.config.shops[0]!.settings.promise).toEqual({ processingDays: 2, transitDays: { default: 5 } });
  });

  it("names every bad key, with the file line when it came from the file", () => {
    const file = yamlFile(["apiToken: short", "shops:", "  - domain: snowdevil.example.com", "    webhookSecrets: []", "port: eighty"].join("\n"));
    const r = loadConfig({ file, env: {} });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`config key "apiToken" \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:1\\): .*24 characters`)),
        expect.stringMatching(/config key "shops\.0\.domain" \(.*:3\): must be a permanent domain/),
        expect.stringMatching(/config key "shops\.0\.webhookSecrets" \(.*:4\): needs at least one Shopify webhook secret/),
        expect.stringMatching(/config key "port" \(.*:5\)/),
      ]),
    );
  });

  it("lets the environment override the file, and flags override both", () => {
    const file = yamlFile([`apiToken: ${TOKEN}`, "port: 8000", "shops:", "  - domain: snowdevil.myshopify.com", "    webhookSecrets: [from-file]"].join("\n"));
    const r = loadConfig({ file, env: { PORT: "8100", FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "from-env" }, flags: { port: 8200 } });
    expect(r.ok && r.config.port).toBe(8200);
    expect(r.ok && r.config.shops[0]!.webhookSecrets).toEqual(["from-env"]);
    expect(r.ok && r.config.shops[0]!.domain).toBe("snowdevil.myshopify.com");
  });

  it("reports a missing file and YAML syntax errors as such", () => {
    expect(loadConfig({ file: "/nonexistent/firebreak.yaml", env: {} })).toEqual({ ok: false, errors: ["/nonexistent/firebreak.yaml: file not found"] });
    const r = loadConfig({ file: yamlFile("shops: [unclosed"), env: {} });
    expect(r.ok).toBe(false);
  });

  it("switches to PostgreSQL with FIREBREAK_DATABASE_URL", () => {
    const r = loadConfig({ env: { FIREBREAK_API_TOKEN: TOKEN, FIREBREAK_SHOPIFY_SHOP: "a.myshopify.com", FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "s", FIREBREAK_DATABASE_URL: "postgres://u@127.0.0.1/db" } });
    expect(r.ok && r.config.store).toEqual({ kind: "postgres", url: "postgres://u@127.0.0.1/db" });
  });
});
