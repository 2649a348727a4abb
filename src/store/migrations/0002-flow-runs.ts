import type { Kysely, Migration } from "kysely";

/** Durable flow runs: one row per run, its full record as JSON beside the columns queries need. */
export function flowRunsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("flow_runs")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("flow_id", "text", (col) => col.notNull())
        .addColumn("flow_version", "integer", (col) => col.notNull())
        .addColumn("order_id", "text")
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("wait_event", "text")
        .addColumn("trigger_key", "text", (col) => col.notNull())
        .addColumn("limit_key", "text")
        .addColumn("started_at", "text", (col) => col.notNull())
        .addColumn("updated_at", "text", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("flow_runs_order_idx").on("flow_runs").columns(["shop", "order_id", "status"]).execute();
      await db.schema.createIndex("flow_runs_status_idx").on("flow_runs").columns(["status", "updated_at"]).execute();
      await db.schema.createIndex("flow_runs_flow_idx").on("flow_runs").columns(["flow_id", "started_at"]).execute();
      // Rate limits and frequency caps count recent runs of a flow, per shop and per key.
      await db.schema.createIndex("flow_runs_limit_idx").on("flow_runs").columns(["shop", "flow_id", "limit_key", "started_at"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("flow_runs").execute();
    },
  };
}
