import type { Kysely, Migration } from "kysely";

/**
 * The promise ledger: every delivery date a customer was told, one row per message that told it.
 * History, not a projection: a rebuild keeps it.
 */
export function promiseLedgerSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("delivery_promises")
        .addColumn("source_key", "text", (col) => col.primaryKey())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("shipment_key", "text")
        .addColumn("promised_by", "text", (col) => col.notNull())
        .addColumn("metric", "text", (col) => col.notNull())
        .addColumn("told_at", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("delivery_promises_order_idx").on("delivery_promises").columns(["shop", "order_id", "told_at"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("delivery_promises").execute();
    },
  };
}
