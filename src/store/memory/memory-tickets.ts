import type { OrderRef, Ticket } from "../../core/ticket.js";
import type { TicketRef } from "../../core/ticket-of.js";
import { summaryOf, type TicketQuery, type TicketReads, type TicketSummary } from "../ticket-port.js";

const key = (shop: string, helpdesk: string, ticketId: string) => `${shop}\0${helpdesk}\0${ticketId}`;

/** The ticket tables in memory, with the SQL store's ordering; MemoryStore delegates here. */
export class MemoryTickets implements TicketReads {
  readonly #tickets = new Map<string, Ticket>();
  readonly #orders = new Map<string, OrderRef>();

  write(tickets: readonly Ticket[] = [], refs: readonly OrderRef[] = []): void {
    for (const r of refs) this.#orders.set(`${r.shop}\0${r.orderId}`, r);
    for (const t of tickets) {
      // Messages are never dropped once stored (the SQL store upserts them), so merge by id.
      const had = this.#tickets.get(key(t.shop, t.helpdesk, t.ticketId));
      const messages = new Map([...(had?.messages ?? []), ...t.messages].map((m) => [m.id, m]));
      const sorted = [...messages.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      this.#tickets.set(key(t.shop, t.helpdesk, t.ticketId), { ...t, messages: sorted });
    }
  }

  clear(): void {
    this.#tickets.clear();
    this.#orders.clear();
  }

  async getTicket(shop: string, helpdesk: string, ticketId: string): Promise<Ticket | null> {
    return this.#tickets.get(key(shop, helpdesk, ticketId)) ?? null;
  }

  async ordersOfTickets(shop: string, tickets: readonly TicketRef[]): Promise<Array<TicketRef & { orderId: string }>> {
    const out: Array<TicketRef & { orderId: string }> = [];
    for (const k of new Set(tickets.map((t) => key(shop, t.helpdesk, t.ticketId)))) {
      const t = this.#tickets.get(k);
      for (const o of t?.orders ?? []) out.push({ helpdesk: t!.helpdesk, ticketId: t!.ticketId, orderId: o.orderId });
    }
    return out;
  }

  async listTickets(q: TicketQuery): Promise<TicketSummary[]> {
    return [...this.#tickets.values()]
      .filter((t) => (q.shop === undefined || t.shop === q.shop) && (q.status === undefined || t.status === q.status) && (q.customerEmail === undefined || t.customerEmail === q.customerEmail.toLowerCase()) && (q.orderId === undefined || t.orders.some((o) => o.orderId === q.orderId)))
      .sort((a, b) => (a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.helpdesk !== b.helpdesk ? (a.helpdesk < b.helpdesk ? -1 : 1) : a.ticketId < b.ticketId ? -1 : 1))
      .slice(0, q.limit ?? 200)
      .map(summaryOf);
  }

  async ordersByName(shop: string, names: readonly string[]): Promise<OrderRef[]> {
    const wanted = new Set(names);
    return [...this.#orders.values()].filter((o) => o.shop === shop && o.name !== null && wanted.has(o.name)).sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  }

  async ordersByEmail(shop: string, email: string): Promise<OrderRef[]> {
    const e = email.toLowerCase();
    return [...this.#orders.values()].filter((o) => o.shop === shop && o.email === e).sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.orderId < b.orderId ? 1 : -1));
  }
}
