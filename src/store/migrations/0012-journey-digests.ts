import type { Kysely, Migration } from "kysely";

/**
 * Each journey's digest (core/journey-digest.ts) beside its JSON: the live page reads the latest
 * thousands of orders every two seconds for their shipment tags and signal names, a few dozen bytes
 * of each journey's two kilobytes. Rows written before keep a null digest until their order is
 * folded again; readers work it out from the journey's JSON meanwhile.
 */
export function journeyDigestsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("journeys").addColumn("digest", "text").execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("journeys").dropColumn("digest").execute();
    },
  };
}
