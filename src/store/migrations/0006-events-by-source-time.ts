import type { Kysely, Migration } from "kysely";

/**
 * The event log by source time, for a replay's window: without it a replay read every event and
 * parsed every payload to find the window's. It also covers the keys, so finding which orders had
 * events before a window reads the index alone.
 */
export function eventsBySourceTimeSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex("events_occurred_idx").on("events").columns(["occurred_at", "shop", "order_key", "tracking_key"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex("events_occurred_idx").execute();
    },
  };
}
