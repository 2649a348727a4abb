import { sql, type Kysely, type Migration } from "kysely";
import type { DialectProfile } from "./dialect-profile.js";

/** The event log, raw bodies, projections and the outbox. */
export function initialSchema(profile: DialectProfile): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("raw_bodies")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("source", "text", (col) => col.notNull())
        .addColumn("topic", "text", (col) => col.notNull())
        .addColumn("received_at", "text", (col) => col.notNull())
        .addColumn("headers", "text", (col) => col.notNull())
        .addColumn("body", profile.binaryType, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable("events")
        .addColumn("seq", profile.seqType, profile.seqColumn)
        .addColumn("id", "text", (col) => col.notNull().unique())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("source", "text", (col) => col.notNull())
        .addColumn("topic", "text", (col) => col.notNull())
        .addColumn("occurred_at", "text", (col) => col.notNull())
        .addColumn("received_at", "text", (col) => col.notNull())
        .addColumn("delivery_id", "text", (col) => col.notNull())
        .addColumn("order_key", "text")
        .addColumn("tracking_key", "text")
        .addColumn("payload", "text", (col) => col.notNull())
        .addColumn("raw_body_id", "text")
        .addColumn("projected", "smallint", (col) => col.notNull().defaultTo(0))
        .addUniqueConstraint("events_delivery_unique", ["shop", "source", "delivery_id"])
        // No foreign key to raw_bodies: the append writes both rows in one transaction, and a
        // deferred key made every raw-body insert scan the events table for children (an
        // ingest that slowed down as the log grew: 134 appends/s at a few thousand events).
        .execute();
      await db.schema.createIndex("events_order_idx").on("events").columns(["shop", "order_key"]).execute();
      await db.schema.createIndex("events_tracking_idx").on("events").columns(["shop", "tracking_key"]).execute();
      await db.schema.createIndex("events_unprojected_idx").on("events").column("seq").where(sql.ref("projected"), "=", 0).execute();

      await db.schema
        .createTable("journeys")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("customer_key", "text")
        .addColumn("email", "text")
        .addColumn("created_at", "text")
        .addColumn("as_of", "text", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("journeys_pk", ["shop", "order_id"])
        .execute();
      await db.schema.createIndex("journeys_customer_idx").on("journeys").columns(["shop", "customer_key"]).execute();

      await db.schema
        .createTable("tracking_links")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("tracking_number", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("tracking_links_pk", ["shop", "tracking_number"])
        .execute();
      await db.schema.createIndex("tracking_links_order_idx").on("tracking_links").columns(["shop", "order_id"]).execute();

      await db.schema
        .createTable("timers")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("due_at", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("timers_pk", ["shop", "order_id", "name"])
        .execute();
      await db.schema.createIndex("timers_due_idx").on("timers").column("due_at").execute();

      await db.schema
        .createTable("decisions")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("rule", "text", (col) => col.notNull())
        .addColumn("decided_at", "text", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("decisions_order_idx").on("decisions").columns(["shop", "order_id"]).execute();

      await db.schema
        .createTable("holds")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("customer_key", "text", (col) => col.notNull())
        .addColumn("shipment_key", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .addColumn("placed_at", "text", (col) => col.notNull())
        .addColumn("released_at", "text")
        .addColumn("release_reason", "text")
        .addPrimaryKeyConstraint("holds_pk", ["shop", "customer_key", "shipment_key"])
        .execute();

      await db.schema
        .createTable("outbox")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("channel", "text", (col) => col.notNull())
        .addColumn("order_id", "text")
        .addColumn("decision_id", "text")
        .addColumn("payload", "text", (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (col) => col.notNull())
        .addColumn("last_error", "text")
        .addColumn("claimed_by", "text")
        .addColumn("lease_until", "text")
        .addColumn("delivered_at", "text")
        .addColumn("created_at", "text", (col) => col.notNull())
        .addColumn("updated_at", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("outbox_due_idx").on("outbox").columns(["status", "next_attempt_at"]).execute();
      await db.schema.createIndex("outbox_order_idx").on("outbox").columns(["shop", "order_id"]).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ["outbox", "holds", "decisions", "timers", "tracking_links", "journeys", "events", "raw_bodies"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
