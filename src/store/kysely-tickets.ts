import type { Kysely, Selectable, Transaction } from "kysely";
import type { OrderRef, Ticket, TicketOrderLink } from "../core/ticket.js";
import type { TicketMessage } from "../core/ticket-payload.js";
import type { Database, TicketOrdersTable } from "./schema.js";
import type { TicketQuery, TicketSummary } from "./ticket-port.js";
import type { TicketRef } from "../core/ticket-of.js";
import { pushAll } from "../core/push-all.js";
import { chunks } from "./chunks.js";

/** The ticket tables over Kysely, for both dialects; KyselyStore delegates here. */

type Db = Kysely<Database> | Transaction<Database>;

/** Keeps the newest write per ticket: a batch may fold the same ticket twice. */
function lastPer<T>(items: readonly T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const i of items) m.set(key(i), i);
  return [...m.values()];
}

export async function writeTickets(trx: Transaction<Database>, tickets: readonly Ticket[]): Promise<void> {
  for (const t of lastPer(tickets, (x) => `${x.shop}\0${x.helpdesk}\0${x.ticketId}`)) {
    const { messages, orders, ...record } = t;
    const row = { shop: t.shop, helpdesk: t.helpdesk, ticket_id: t.ticketId, status: t.status, customer_email: t.customerEmail, created_at: t.createdAt, updated_at: t.updatedAt, data: JSON.stringify(record) };
    await trx
      .insertInto("tickets")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["shop", "helpdesk", "ticket_id"]).doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          customer_email: eb.ref("excluded.customer_email"),
          created_at: eb.ref("excluded.created_at"),
          updated_at: eb.ref("excluded.updated_at"),
          data: eb.ref("excluded.data"),
        })),
      )
      .execute();
    const key = { shop: t.shop, helpdesk: t.helpdesk, ticket_id: t.ticketId };
    for (const m of messages) {
      await trx
        .insertInto("ticket_messages")
        .values({ ...key, message_id: m.id, created_at: m.createdAt, data: JSON.stringify(m) })
        .onConflict((oc) => oc.columns(["shop", "helpdesk", "ticket_id", "message_id"]).doUpdateSet((eb) => ({ created_at: eb.ref("excluded.created_at"), data: eb.ref("excluded.data") })))
        .execute();
    }
    await trx.deleteFrom("ticket_orders").where("shop", "=", t.shop).where("helpdesk", "=", t.helpdesk).where("ticket_id", "=", t.ticketId).execute();
    if (orders.length > 0) await trx.insertInto("ticket_orders").values(orders.map((o) => ({ ...key, order_id: o.orderId, reason: o.reason, detail: o.detail }))).execute();
  }
}

export async function writeOrderRefs(trx: Transaction<Database>, refs: readonly OrderRef[]): Promise<void> {
  const rows = lastPer(refs, (x) => `${x.shop}\0${x.orderId}`).map((r) => ({ shop: r.shop, order_id: r.orderId, name: r.name, email: r.email, created_at: r.createdAt }));
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto("order_refs")
      .values(chunk)
      .onConflict((oc) => oc.columns(["shop", "order_id"]).doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), email: eb.ref("excluded.email"), created_at: eb.ref("excluded.created_at") })))
      .execute();
  }
}

export async function clearTickets(trx: Transaction<Database>): Promise<void> {
  for (const table of ["ticket_orders", "ticket_messages", "tickets", "order_refs"] as const) await trx.deleteFrom(table).execute();
}

async function linksOf(db: Db, shop: string, keys: ReadonlyArray<{ helpdesk: string; ticketId: string }>): Promise<Map<string, TicketOrderLink[]>> {
  const out = new Map<string, TicketOrderLink[]>();
  for (const r of await ticketOrderRows(db, shop, keys)) {
    const k = `${r.helpdesk}\0${r.ticket_id}`;
    const list = out.get(k) ?? [];
    list.push({ orderId: r.order_id, reason: r.reason as TicketOrderLink["reason"], detail: r.detail });
    out.set(k, list);
  }
  return out;
}

export async function queryOrdersOfTickets(db: Db, shop: string, tickets: readonly TicketRef[]): Promise<Array<TicketRef & { orderId: string }>> {
  return (await ticketOrderRows(db, shop, tickets)).map((r) => ({ helpdesk: r.helpdesk, ticketId: r.ticket_id, orderId: r.order_id }));
}

/**
 * The order links of these tickets, by helpdesk, then ticket ids: the primary key's order (shop,
 * helpdesk, ticket_id, order_id), so each read is an index range. Without the helpdesk, SQLite
 * read every link of the shop for each ticket fetched (a ticket event's fold fetches its ticket).
 */
async function ticketOrderRows(db: Db, shop: string, tickets: ReadonlyArray<{ helpdesk: string; ticketId: string }>): Promise<Array<Selectable<TicketOrdersTable>>> {
  const idsByHelpdesk = new Map<string, Set<string>>();
  for (const t of tickets) idsByHelpdesk.set(t.helpdesk, (idsByHelpdesk.get(t.helpdesk) ?? new Set()).add(t.ticketId));
  const out: Array<Selectable<TicketOrdersTable>> = [];
  for (const [helpdesk, ids] of idsByHelpdesk) {
    for (const chunk of chunks([...ids])) pushAll(out, await db.selectFrom("ticket_orders").selectAll().where("shop", "=", shop).where("helpdesk", "=", helpdesk).where("ticket_id", "in", chunk).execute());
  }
  return out;
}

const RANK: Record<string, number> = { helpdesk_link: 0, order_number: 1, tracking_number: 2, customer_email: 3 };
const sortLinks = (links: TicketOrderLink[]) => links.sort((a, b) => RANK[a.reason]! - RANK[b.reason]! || (a.orderId < b.orderId ? -1 : 1));

async function summaries(db: Db, rows: ReadonlyArray<{ shop: string; helpdesk: string; ticket_id: string; data: string }>): Promise<TicketSummary[]> {
  const byShop = new Map<string, Map<string, TicketOrderLink[]>>();
  for (const shop of new Set(rows.map((r) => r.shop))) {
    byShop.set(shop, await linksOf(db, shop, rows.filter((r) => r.shop === shop).map((r) => ({ helpdesk: r.helpdesk, ticketId: r.ticket_id }))));
  }
  return rows.map((r) => {
    const record = JSON.parse(r.data) as Omit<TicketSummary, "orders">;
    return { ...record, orders: sortLinks(byShop.get(r.shop)?.get(`${r.helpdesk}\0${r.ticket_id}`) ?? []) };
  });
}

export async function readTicket(db: Db, shop: string, helpdesk: string, ticketId: string): Promise<Ticket | null> {
  const row = await db.selectFrom("tickets").selectAll().where("shop", "=", shop).where("helpdesk", "=", helpdesk).where("ticket_id", "=", ticketId).executeTakeFirst();
  if (!row) return null;
  const [summary] = await summaries(db, [row]);
  const messages = await db
    .selectFrom("ticket_messages")
    .select("data")
    .where("shop", "=", shop)
    .where("helpdesk", "=", helpdesk)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("message_id")
    .execute();
  return { ...summary!, messages: messages.map((m) => JSON.parse(m.data) as TicketMessage) };
}

export async function queryTickets(db: Db, q: TicketQuery): Promise<TicketSummary[]> {
  const rows = await db
    .selectFrom("tickets")
    .selectAll("tickets")
    .$if(q.shop !== undefined, (qb) => qb.where("tickets.shop", "=", q.shop!))
    .$if(q.status !== undefined, (qb) => qb.where("tickets.status", "=", q.status!))
    .$if(q.customerEmail !== undefined, (qb) => qb.where("tickets.customer_email", "=", q.customerEmail!.toLowerCase()))
    .$if(q.orderId !== undefined, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("ticket_orders")
            .select("ticket_orders.order_id")
            .whereRef("ticket_orders.shop", "=", "tickets.shop")
            .whereRef("ticket_orders.helpdesk", "=", "tickets.helpdesk")
            .whereRef("ticket_orders.ticket_id", "=", "tickets.ticket_id")
            .where("ticket_orders.order_id", "=", q.orderId!),
        ),
      ),
    )
    .orderBy("tickets.updated_at", "desc")
    .orderBy("tickets.helpdesk")
    .orderBy("tickets.ticket_id")
    .limit(q.limit ?? 200)
    .execute();
  return summaries(db, rows);
}

const orderRefOf = (r: { shop: string; order_id: string; name: string | null; email: string | null; created_at: string }): OrderRef => ({ shop: r.shop, orderId: r.order_id, name: r.name, email: r.email, createdAt: r.created_at });

export async function queryOrdersByName(db: Db, shop: string, names: readonly string[]): Promise<OrderRef[]> {
  if (names.length === 0) return [];
  // Sorted here: with the ORDER BY, SQLite walked the shop's every order ref in order_id order instead of the name index.
  const rows = await db.selectFrom("order_refs").selectAll().where("shop", "=", shop).where("name", "in", [...names]).execute();
  return rows.sort((a, b) => (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0)).map(orderRefOf);
}

export async function queryOrdersByEmail(db: Db, shop: string, email: string): Promise<OrderRef[]> {
  const rows = await db.selectFrom("order_refs").selectAll().where("shop", "=", shop).where("email", "=", email.toLowerCase()).orderBy("created_at", "desc").orderBy("order_id", "desc").execute();
  return rows.map(orderRefOf);
}
