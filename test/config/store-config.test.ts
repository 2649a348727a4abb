import { describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.js";
import { storeConfigOf } from "../../src/config/store-config.js";

const base = { apiToken: "t".repeat(32), shops: [{ domain: "snowdevil.myshopify.com", webhookSecrets: ["s"] }] };

describe("storeConfigOf", () => {
  it("names the SQLite file's folder and its synchronous setting", () => {
    const config = Config.parse({ ...base, dataDir: "/var/lib/firebreak", store: { kind: "sqlite", synchronous: "NORMAL" } });
    expect(storeConfigOf(config)).toEqual({ kind: "sqlite", dataDir: "/var/lib/firebreak", synchronous: "NORMAL" });
  });

  it("keeps a PostgreSQL schema (every command opens the same tables as the server)", () => {
    const url = "postgres://firebreak@db.internal:5432/ops";
    expect(storeConfigOf(Config.parse({ ...base, store: { kind: "postgres", url, schema: "shop_a" } }))).toEqual({ kind: "postgres", url, schema: "shop_a" });
    expect(storeConfigOf(Config.parse({ ...base, store: { kind: "postgres", url } }))).toEqual({ kind: "postgres", url });
  });
});
