import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { TicketStatus } from "../core/ticket-payload.js";
import { customerKeyOf } from "../core/customer-key.js";
import type { Store } from "../store/port.js";
import { errorBody } from "./errors.js";

export interface TicketsRoutesOptions {
  store: Store;
  /** The shop a request means: the `shop` query parameter, or the only configured shop. */
  resolveShop(requested: string | undefined): string | null;
}

const TicketsQuery = z.object({
  shop: z.string().optional(),
  status: TicketStatus.optional(),
  order: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
/** "gorgias:123" — the helpdesk and its own ticket id. */
const TicketId = z.string().regex(/^[a-z]+:[A-Za-z0-9_-]+$/, 'must be "<helpdesk>:<ticket id>", e.g. "gorgias:123"');

/** GET /api/tickets and GET /api/tickets/:id — the ticket projection, with its orders and the customer's holds. */
export function registerTicketsRoutes(app: FastifyInstance, opts: TicketsRoutesOptions): void {
  const { store } = opts;

  app.get("/api/tickets", async (req, reply) => {
    const q = TicketsQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")));
    const { shop, status, order, limit } = q.data;
    return { tickets: await store.listTickets({ ...(shop ? { shop } : {}), ...(status ? { status } : {}), ...(order ? { orderId: order } : {}), limit }) };
  });

  app.get("/api/tickets/:id", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const parsed = TicketId.safeParse(decodeURIComponent(id));
    if (!parsed.success) return reply.code(400).send(errorBody("BAD_REQUEST", `"${id}" ${parsed.error.issues[0]?.message ?? "is not a ticket id"}`));
    const shop = opts.resolveShop((req.query as Record<string, string | undefined>).shop);
    if (!shop) return reply.code(400).send(errorBody("BAD_REQUEST", "add ?shop=<domain>: several shops are configured, or the shop is unknown"));
    const [helpdesk, ticketId] = parsed.data.split(":") as [string, string];
    const ticket = await store.getTicket(shop, helpdesk, ticketId);
    if (!ticket) return reply.code(404).send(errorBody("NOT_FOUND", `no ${helpdesk} ticket ${ticketId} in ${shop}`));
    const orders = await Promise.all(
      ticket.orders.map(async (link) => {
        const j = await store.getJourney(shop, link.orderId);
        return { ...link, order: j ? { name: j.name, email: j.email, financial_status: j.financialStatus, fulfillment_status: j.fulfillmentStatus, shipments: j.shipments.map((s) => ({ key: s.key, tag: s.tag, subtag: s.subtag })), signals: j.signals.map((s) => s.name) } : null };
      }),
    );
    // The customer's holds: by each linked order's customer, and by the ticket's email.
    const keys = new Set<string>();
    for (const link of ticket.orders) {
      const j = await store.getJourney(shop, link.orderId);
      const k = j ? customerKeyOf(j) : null;
      if (k) keys.add(k);
    }
    if (ticket.customerEmail) keys.add(ticket.customerEmail);
    const holds = (await Promise.all([...keys].map((k) => store.holdsForCustomer(shop, k)))).flat();
    return { ticket, orders, holds };
  });
}
