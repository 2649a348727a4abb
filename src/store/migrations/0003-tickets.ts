import type { Kysely, Migration } from "kysely";

/**
 * Helpdesk tickets: the ticket projection (status, times, JSON record), its messages, its links to
 * orders with the reason, and the per-order facts ticket matching looks up (name, email).
 */
export function ticketsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("tickets")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("helpdesk", "text", (col) => col.notNull())
        .addColumn("ticket_id", "text", (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull())
        .addColumn("customer_email", "text")
        .addColumn("created_at", "text", (col) => col.notNull())
        .addColumn("updated_at", "text", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("tickets_pk", ["shop", "helpdesk", "ticket_id"])
        .execute();
      await db.schema.createIndex("tickets_status_idx").on("tickets").columns(["shop", "status", "updated_at"]).execute();
      await db.schema.createIndex("tickets_customer_idx").on("tickets").columns(["shop", "customer_email"]).execute();

      await db.schema
        .createTable("ticket_messages")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("helpdesk", "text", (col) => col.notNull())
        .addColumn("ticket_id", "text", (col) => col.notNull())
        .addColumn("message_id", "text", (col) => col.notNull())
        .addColumn("created_at", "text", (col) => col.notNull())
        .addColumn("data", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("ticket_messages_pk", ["shop", "helpdesk", "ticket_id", "message_id"])
        .execute();

      await db.schema
        .createTable("ticket_orders")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("helpdesk", "text", (col) => col.notNull())
        .addColumn("ticket_id", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .addColumn("detail", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("ticket_orders_pk", ["shop", "helpdesk", "ticket_id", "order_id"])
        .execute();
      await db.schema.createIndex("ticket_orders_order_idx").on("ticket_orders").columns(["shop", "order_id"]).execute();

      await db.schema
        .createTable("order_refs")
        .addColumn("shop", "text", (col) => col.notNull())
        .addColumn("order_id", "text", (col) => col.notNull())
        .addColumn("name", "text")
        .addColumn("email", "text")
        .addColumn("created_at", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("order_refs_pk", ["shop", "order_id"])
        .execute();
      await db.schema.createIndex("order_refs_name_idx").on("order_refs").columns(["shop", "name"]).execute();
      await db.schema.createIndex("order_refs_email_idx").on("order_refs").columns(["shop", "email"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ["order_refs", "ticket_orders", "ticket_messages", "tickets"]) await db.schema.dropTable(table).execute();
    },
  };
}
