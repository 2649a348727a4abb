import { Migrator, type Kysely } from "kysely";
import type { TestContext } from "vitest";
import { KyselyStore } from "../../src/store/kysely-store.js";
import { migrateToLatest, storeMigrations, type MigrateResult } from "../../src/store/migrations/index.js";
import { PostgresStore } from "../../src/store/postgres/open.js";
import type { Store } from "../../src/store/port.js";
import type { Database } from "../../src/store/schema.js";

/**
 * A SQL store taken back to an earlier migration, for a test that writes rows as they were then
 * and migrates forward; a skip on the memory store, which has no schema to migrate.
 */
export async function migratedBackTo(store: Store, ctx: TestContext, migration: string): Promise<{ db: Kysely<Database>; migrateToLatest(): Promise<MigrateResult> }> {
  if (!(store instanceof KyselyStore)) ctx.skip();
  const sql = store as KyselyStore;
  const db = sql.db as Kysely<Database>;
  const schema = store instanceof PostgresStore ? store.schema : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => storeMigrations(sql.capabilities) }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(migration);
  if (error !== undefined) throw error;
  return { db, migrateToLatest: () => migrateToLatest(db, sql.capabilities, schema) };
}
