import type { Kysely, Migration } from "kysely";

/**
 * The projection step that folded each event (core/event.ts `ProjectionBatch`), so a replay folds
 * the history in the same steps as the live worker did. Rows written before stay null; a replay
 * folds those as they arrived.
 */
export function projectionBatchesSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("events").addColumn("projected_batch", "bigint").execute();
      await db.schema.alterTable("events").addColumn("projected_through", "bigint").execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("events").dropColumn("projected_through").execute();
      await db.schema.alterTable("events").dropColumn("projected_batch").execute();
    },
  };
}
