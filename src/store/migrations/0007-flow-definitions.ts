import type { Kysely, Migration } from "kysely";

/**
 * Flow definitions stored once, and runs pointing to them: a copy of the definition in every
 * run's JSON was a third of the stored runs' bytes and of the time to read them. Rows written
 * before keep their inline definition and a null `flow_hash`; they are read as they are.
 */
export function flowDefinitionsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("flow_definitions")
        // sha256 of the definition's canonical JSON: equal definitions share a row.
        .addColumn("hash", "text", (col) => col.primaryKey())
        .addColumn("flow_id", "text", (col) => col.notNull())
        .addColumn("version", "integer", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .addColumn("created_at", "text", (col) => col.notNull())
        .execute();
      // A run never points to a definition that is not there; definitions are never deleted.
      await db.schema.alterTable("flow_runs").addColumn("flow_hash", "text", (col) => col.references("flow_definitions.hash")).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("flow_runs").dropColumn("flow_hash").execute();
      await db.schema.dropTable("flow_definitions").execute();
    },
  };
}
