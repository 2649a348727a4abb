import type { Kysely, Migration } from "kysely";

/**
 * The lists the API and the live page show newest first (orders by their latest event, runs by
 * their start) and the outbox oldest first, in the order they are listed, so a page of them reads
 * that page. Without them SQLite read and sorted every journey, run or outbox row, JSON included,
 * for each page: the live page asks for the latest 5,000 orders every two seconds.
 */
export function recentFirstSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex("journeys_recent_idx").on("journeys").columns(["as_of desc", "order_id"]).execute();
      await db.schema.createIndex("flow_runs_recent_idx").on("flow_runs").columns(["started_at desc", "id"]).execute();
      await db.schema.createIndex("outbox_created_idx").on("outbox").columns(["created_at", "id"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const index of ["journeys_recent_idx", "flow_runs_recent_idx", "outbox_created_idx"]) await db.schema.dropIndex(index).execute();
    },
  };
}
