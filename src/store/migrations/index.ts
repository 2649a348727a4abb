import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { StoreCapabilities } from "../port.js";
import type { Database } from "../schema.js";
import { dialectProfile } from "./dialect-profile.js";
import { initialSchema } from "./0001-initial.js";
import { flowRunsSchema } from "./0002-flow-runs.js";
import { ticketsSchema } from "./0003-tickets.js";
import { promiseLedgerSchema } from "./0004-promise-ledger.js";
import { reviewDecisionsSchema } from "./0005-review-decisions.js";
import { eventsBySourceTimeSchema } from "./0006-events-by-source-time.js";
import { flowDefinitionsSchema } from "./0007-flow-definitions.js";
import { runOutcomesSchema } from "./0008-run-outcomes.js";
import { projectionBatchesSchema } from "./0009-projection-batches.js";
import { eventsByTicketSchema } from "./0010-events-by-ticket.js";
import { recentFirstSchema } from "./0011-recent-first.js";
import { journeyDigestsSchema } from "./0012-journey-digests.js";
import { outboxByUpdateSchema } from "./0013-outbox-by-update.js";

/** Migrations as code, in order; names sort in the order they must run. Never rename or edit a shipped one. */
export function storeMigrations(capabilities: Pick<StoreCapabilities, "dialect">): Record<string, Migration> {
  const profile = dialectProfile(capabilities);
  return {
    "0001_initial": initialSchema(profile),
    "0002_flow_runs": flowRunsSchema(),
    "0003_tickets": ticketsSchema(),
    "0004_promise_ledger": promiseLedgerSchema(),
    "0005_review_decisions": reviewDecisionsSchema(),
    "0006_events_by_source_time": eventsBySourceTimeSchema(),
    "0007_flow_definitions": flowDefinitionsSchema(),
    "0008_run_outcomes": runOutcomesSchema(),
    "0009_projection_batches": projectionBatchesSchema(),
    "0010_events_by_ticket": eventsByTicketSchema(),
    "0011_recent_first": recentFirstSchema(),
    "0012_journey_digests": journeyDigestsSchema(),
    "0013_outbox_by_update": outboxByUpdateSchema(),
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

export type MigrateResult =
  | { ok: true; applied: string[] }
  | { ok: false; code: "MIGRATION_FAILED"; message: string; applied: string[] };

/**
 * Brings the schema to the latest version; running it again is a no-op (`applied: []`).
 * `schema` (PostgreSQL) keeps Kysely's bookkeeping tables beside ours: without it, Kysely would
 * see another schema's `kysely_migration` table and skip creating its own.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  capabilities: Pick<StoreCapabilities, "dialect">,
  schema?: string,
): Promise<MigrateResult> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(storeMigrations(capabilities)),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const applied = results.filter((r) => r.status === "Success").map((r) => r.migrationName);
  if (error) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)";
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: "MIGRATION_FAILED", message: `migration ${failed} failed: ${detail}`, applied };
  }
  return { ok: true, applied };
}
