import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../src/store/migrations/index.js";
import { openSqliteStore, SqliteStore } from "../../src/store/sqlite/open.js";
import { openPostgresStore, PostgresStore } from "../../src/store/postgres/open.js";
import { openStore } from "../../src/store/open-store.js";
import { StoreOpenError } from "../../src/store/open-error.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
import { storeContract } from "./contract.js";
import { delivery } from "./builders.js";

describe("SQLite store", () => {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-store-"));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const asSqlite = (store: KyselyStore): SqliteStore => {
    if (!(store instanceof SqliteStore)) throw new Error("not a SQLite store");
    return store;
  };

  storeContract({
    open: () => openSqliteStore({ file: join(dir, `store-${++n}.db`) }),
    openSibling: (store) => openSqliteStore({ file: asSqlite(store).path }),
    remigrate: (store) => migrateToLatest(store.db, store.capabilities),
  });

  it("opens in a data dir it creates, with WAL, synchronous=FULL by default and the file read through a memory map", async () => {
    const store = await openSqliteStore({ dataDir: join(dir, "nested", "data") });
    try {
      expect(store.path).toBe(join(dir, "nested", "data", "firebreak.db"));
      expect(store.raw.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(store.raw.pragma("synchronous", { simple: true })).toBe(2); // FULL
      expect(store.raw.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(store.raw.pragma("mmap_size", { simple: true })).toBe(2 ** 30);
      expect(store.capabilities).toEqual({ dialect: "sqlite", skipLocked: false, multiProcess: false });
    } finally {
      await store.close();
    }
  });

  it("honours synchronous=NORMAL and in-memory databases", async () => {
    const normal = await openSqliteStore({ file: join(dir, "normal.db"), synchronous: "NORMAL" });
    const memory = await openSqliteStore({ memory: true });
    try {
      expect(normal.raw.pragma("synchronous", { simple: true })).toBe(1);
      expect(memory.path).toBe(":memory:");
      expect((await memory.append([delivery()]))[0]?.status).toBe("stored");
    } finally {
      await normal.close();
      await memory.close();
    }
  });

  it("refuses to open without a location, and openStore picks SQLite from config", async () => {
    await expect(openSqliteStore({})).rejects.toMatchObject({ code: "STORE_NO_LOCATION" });
    const store = await openStore({ kind: "sqlite", dataDir: join(dir, "via-config") });
    try {
      expect(store.capabilities.dialect).toBe("sqlite");
    } finally {
      await store.close();
    }
  });
});

describe("Memory store", () => {
  // No schema and no second connection: the migration case is skipped (see contract.ts). The
  // concurrent-claim case runs with three callers on the one store.
  storeContract({ open: async () => new MemoryStore() });

  it("declares its capabilities", () => {
    expect(new MemoryStore().capabilities).toEqual({ dialect: "memory", skipLocked: false, multiProcess: false });
  });
});

const databaseUrl = process.env.FIREBREAK_TEST_DATABASE_URL;

(databaseUrl ? describe : describe.skip)(
  databaseUrl ? "PostgreSQL store" : "PostgreSQL store (skipped: FIREBREAK_TEST_DATABASE_URL not set)",
  () => {
    const url = databaseUrl ?? "";
    const prefix = `t_${randomBytes(4).toString("hex")}`;
    const schemas: string[] = [];
    let n = 0;
    const freshSchema = (): string => {
      const schema = `${prefix}_${++n}`;
      schemas.push(schema);
      return schema;
    };
    afterAll(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    });

    const asPostgres = (store: KyselyStore): PostgresStore => {
      if (!(store instanceof PostgresStore)) throw new Error("not a PostgreSQL store");
      return store;
    };

    storeContract({
      open: () => openPostgresStore({ connectionString: url, schema: freshSchema(), poolSize: 4 }),
      openSibling: (store) => openPostgresStore({ connectionString: url, schema: asPostgres(store).schema, poolSize: 1 }),
      remigrate: (store) => migrateToLatest(store.db, store.capabilities, asPostgres(store).schema),
    });

    it("declares skip-locked, multi-process capabilities and opens through openStore", async () => {
      const store = await openStore({ kind: "postgres", url, schema: freshSchema() });
      try {
        expect(store.capabilities).toEqual({ dialect: "postgres", skipLocked: true, multiProcess: true });
        expect((await store.append([delivery()]))[0]?.status).toBe("stored");
      } finally {
        await store.close();
      }
    });

    it("keeps each schema's tables apart", async () => {
      const a = await openPostgresStore({ connectionString: url, schema: freshSchema() });
      const b = await openPostgresStore({ connectionString: url, schema: freshSchema() });
      try {
        await a.append([delivery()]);
        expect(await a.listEvents({})).toHaveLength(1);
        expect(await b.listEvents({})).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("refuses a schema name that would need quoting", async () => {
      const attempt = openPostgresStore({ connectionString: url, schema: "x; drop table events" });
      await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
      await expect(attempt).rejects.toMatchObject({ code: "STORE_BAD_SCHEMA_NAME" });
    });
  },
);
