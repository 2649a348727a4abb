import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { loadAiConfig } from "../../src/config/load-ai.js";

const base = { FIREBREAK_API_TOKEN: "x".repeat(24), FIREBREAK_SHOPIFY_SHOP: "snowdevil.myshopify.com", FIREBREAK_SHOPIFY_WEBHOOK_SECRET: "s" };

describe("the ai config section", () => {
  it("defaults to the offline engine at threshold 0.6", () => {
    const r = loadConfig({ env: base });
    expect(r.ok && r.config.ai).toEqual({
      engine: "offline",
      confidenceThreshold: 0.6,
      timeoutMs: 20_000,
      openai: { baseUrl: "https://api.openai.com/v1" },
      anthropic: { baseUrl: "https://api.anthropic.com" },
    });
  });

  it("takes provider keys and base URLs from the environment", () => {
    const r = loadConfig({
      env: { ...base, FIREBREAK_AI_ENGINE: "openai", FIREBREAK_OPENAI_API_KEY: "sk-1", FIREBREAK_OPENAI_BASE_URL: "http://127.0.0.1:9/v1", FIREBREAK_ANTHROPIC_API_KEY: "sk-ant-2" },
    });
    expect(r.ok && r.config.ai).toMatchObject({ engine: "openai", openai: { apiKey: "sk-1", baseUrl: "http://127.0.0.1:9/v1" }, anthropic: { apiKey: "sk-ant-2" } });
  });

  it("requires the key of the chosen engine", () => {
    const r = loadConfig({ env: { ...base, FIREBREAK_AI_ENGINE: "openai" } });
    expect(r.ok ? [] : r.errors).toEqual(['config key "ai.openai.apiKey": is required when engine is openai (set FIREBREAK_OPENAI_API_KEY)']);
  });

  it("loads the ai section alone with flags > environment > file", () => {
    const dir = mkdtempSync(join(tmpdir(), "fb-ai-"));
    const file = join(dir, "firebreak.yaml");
    writeFileSync(file, "ai:\n  engine: anthropic\n  confidenceThreshold: 0.7\n  model: claude-x\n");
    const r = loadAiConfig({ file, env: { FIREBREAK_ANTHROPIC_API_KEY: "k" }, flags: { confidenceThreshold: 0.8 } });
    expect(r.ok && r.ai).toMatchObject({ engine: "anthropic", model: "claude-x", confidenceThreshold: 0.8, anthropic: { apiKey: "k" } });
    expect(loadAiConfig({ env: {}, flags: { confidenceThreshold: 2 } })).toEqual({ ok: false, errors: ['config key "ai.confidenceThreshold": Too big: expected number to be <=1'] });
  });
});
