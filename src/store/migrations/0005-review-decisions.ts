import type { Kysely, Migration } from "kysely";

/** The review queue's audit trail: every human decision on an approval, a draft or an escalation. */
export function reviewDecisionsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("review_decisions")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("item_id", "text", (col) => col.notNull())
        .addColumn("item_kind", "text", (col) => col.notNull())
        .addColumn("decision", "text", (col) => col.notNull())
        .addColumn("decided_by", "text", (col) => col.notNull())
        .addColumn("decided_at", "text", (col) => col.notNull())
        .addColumn("note", "text")
        .addColumn("edited", "text") // JSON
        .execute();
      await db.schema.createIndex("review_decisions_item_idx").on("review_decisions").columns(["item_id", "decided_at"]).execute();
      await db.schema.createIndex("review_decisions_shop_idx").on("review_decisions").columns(["shop", "decided_at"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("review_decisions").execute();
    },
  };
}
