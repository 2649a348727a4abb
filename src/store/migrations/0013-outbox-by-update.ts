import type { Kysely, Migration } from "kysely";

/**
 * Outbox actions by their last update, for the reads that ask what changed since an instant: the
 * post-purchase figures (`/api/metrics/comms`, across shops or for one) and the send guard's
 * check of what a recipient without an order (or with only a phone) was sent within the cap's
 * window, which runs before every such message leaves. Without them SQLite walked the whole
 * outbox, or the shop's, for each: time that grows with every message ever sent.
 */
export function outboxByUpdateSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex("outbox_updated_idx").on("outbox").columns(["updated_at", "id"]).execute();
      await db.schema.createIndex("outbox_shop_updated_idx").on("outbox").columns(["shop", "updated_at", "id"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const index of ["outbox_updated_idx", "outbox_shop_updated_idx"]) await db.schema.dropIndex(index).execute();
    },
  };
}
