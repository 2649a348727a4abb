import type { Kysely, Migration } from "kysely";

/**
 * Each run's outcome (flows/engine/run-outcome.ts) beside its JSON: a replay compares a window's
 * runs with reality by their outcomes, a few hundred bytes of a run's two kilobytes. Rows written
 * before keep a null outcome; readers work it out from the run's JSON.
 */
export function runOutcomesSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("flow_runs").addColumn("outcome", "text").execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("flow_runs").dropColumn("outcome").execute();
    },
  };
}
