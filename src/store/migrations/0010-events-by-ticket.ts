import { sql, type Kysely, type Migration } from "kysely";

/**
 * The ticket each event is about (`helpdesk:ticketId`, core/ticket.ts `ticketKey`), indexed, so a
 * replay whose window starts in the middle of a conversation reads the ticket's earlier events.
 * Filled in here for the events already stored; the append writes it from then on.
 */
export function eventsByTicketSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("events").addColumn("ticket_key", "text").execute();
      // The payload is JSON text in both dialects; only ticket events (a small share of a log) are parsed.
      const rows = await sql<{ id: string; payload: string }>`select id, payload from events where payload like ${'%"kind":"ticket.%'}`.execute(db);
      for (const row of rows.rows) {
        const key = ticketKeyOf(JSON.parse(row.payload) as Record<string, unknown>);
        if (key !== null) await sql`update events set ticket_key = ${key} where id = ${row.id}`.execute(db);
      }
      await db.schema.createIndex("events_ticket_idx").on("events").columns(["shop", "ticket_key"]).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex("events_ticket_idx").execute();
      await db.schema.alterTable("events").dropColumn("ticket_key").execute();
    },
  };
}

/** As the payloads were when this migration shipped (core/ticket-of.ts): a migration never changes after. */
function ticketKeyOf(p: Record<string, unknown>): string | null {
  const ticket = p["ticket"] as { helpdesk?: unknown; ticketId?: unknown } | undefined;
  if ((p["kind"] === "ticket.upserted" || p["kind"] === "ticket.message_added") && typeof ticket?.helpdesk === "string" && typeof ticket.ticketId === "string") return `${ticket.helpdesk}:${ticket.ticketId}`;
  if (p["kind"] === "ticket.triaged" && typeof p["helpdesk"] === "string" && typeof p["ticketId"] === "string") return `${p["helpdesk"]}:${p["ticketId"]}`;
  return null;
}
