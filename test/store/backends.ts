import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { openPostgresStore } from "../../src/store/postgres/open.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";

const databaseUrl = process.env.FIREBREAK_TEST_DATABASE_URL;

/**
 * Runs a store contract on every backend: SQLite (a file per store), memory, and PostgreSQL (a
 * fresh schema per store, dropped afterwards; reported as skipped without FIREBREAK_TEST_DATABASE_URL).
 * `open` gives each case an empty, migrated store of its own.
 */
export function onEveryBackend(subject: string, contract: (open: () => Promise<Store>) => void): void {
  describe(`${subject} on SQLite`, () => {
    const dir = mkdtempSync(join(tmpdir(), "firebreak-store-"));
    let n = 0;
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    contract(() => openSqliteStore({ file: join(dir, `s-${++n}.db`) }));
  });

  describe(`${subject} in memory`, () => {
    contract(async () => new MemoryStore());
  });

  describe.skipIf(!databaseUrl)(`${subject} on PostgreSQL${databaseUrl ? "" : " (skipped: FIREBREAK_TEST_DATABASE_URL not set)"}`, () => {
    const prefix = `t_${randomBytes(4).toString("hex")}`;
    const schemas: string[] = [];
    afterAll(async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
      } finally {
        await client.end();
      }
    });
    contract(() => {
      const schema = `${prefix}_${schemas.length + 1}`;
      schemas.push(schema);
      return openPostgresStore({ connectionString: databaseUrl ?? "", schema, poolSize: 2 });
    });
  });
}
