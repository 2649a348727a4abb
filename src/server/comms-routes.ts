import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../store/port.js";
import { commsMetrics, type ContactedBefore, type DelayedShipment } from "../core/comms-metrics.js";
import { judgePromises } from "../core/promise.js";
import { errorBody } from "./errors.js";

export interface CommsRoutesOptions {
  store: Store;
  now(): Date;
  resolveShop(requested: string | undefined): string | null;
  orderIdFrom(raw: string): string | null;
  /** The channel customer messages go through ("notify.customer"). */
  customerChannel: string;
  /** The flow whose runs mark a shipment as delayed ("delay-notice"). */
  delayFlowId: string;
}

const Instant = z.string().refine((s) => Number.isFinite(Date.parse(s)), "must be a date (2026-11-02) or an instant (2026-11-02T09:00:00Z)");
const MetricsQuery = z.object({ from: Instant, to: Instant.optional(), shop: z.string().optional() });
const MAX_ROWS = 100_000;

/** A bare date is a whole day in UTC: the start of it for `from`, the end for `to`. */
const bound = (s: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T${end ? "23:59:59.999" : "00:00:00.000"}Z` : new Date(s).toISOString());

/** The promise ledger per order and the post-purchase figures per period. */
export function registerCommsRoutes(app: FastifyInstance, opts: CommsRoutesOptions): void {
  const { store } = opts;

  app.get("/api/orders/:id/promises", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const orderId = opts.orderIdFrom(decodeURIComponent(id));
    if (!orderId) return reply.code(400).send(errorBody("BAD_REQUEST", `"${id}" is not a Shopify order id (numeric, or gid://shopify/Order/<id>)`));
    const shop = opts.resolveShop((req.query as { shop?: string } | undefined)?.shop);
    if (!shop) return reply.code(400).send(errorBody("BAD_REQUEST", "add ?shop=<domain>: several shops are configured, or the shop is unknown"));
    const journey = await store.getJourney(shop, orderId);
    if (!journey) return reply.code(404).send(errorBody("NOT_FOUND", `no order ${orderId} in ${shop}`));
    const ledger = await store.promisesForOrder(shop, orderId);
    const reality = journey.shipments.map((s) => ({ shipmentKey: s.key, deliveredAt: s.deliveredAt }));
    return { order_id: orderId, promised_by: journey.promisedBy, promises: judgePromises(ledger, reality, opts.now()) };
  });

  app.get("/api/metrics/comms", async (req, reply) => {
    const q = MetricsQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")));
    const from = bound(q.data.from, false);
    const to = q.data.to ? bound(q.data.to, true) : opts.now().toISOString();
    if (from > to) return reply.code(400).send(errorBody("BAD_REQUEST", `from (${from}) is after to (${to})`));
    const shop = q.data.shop;
    const [actions, runs] = await Promise.all([
      store.listOutbox({ ...(shop ? { shop } : {}), updatedAfter: from, limit: MAX_ROWS }),
      store.listRuns({ ...(shop ? { shop } : {}), flowId: opts.delayFlowId, startedAfter: from, limit: MAX_ROWS }),
    ]);
    const delayed: DelayedShipment[] = runs
      .filter((r) => r.orderId !== null && r.trigger.shipmentKey !== null)
      .map((r) => ({ shop: r.shop, orderId: r.orderId as string, shipmentKey: r.trigger.shipmentKey as string, since: r.startedAt }));
    return commsMetrics({ from, to, actions, customerChannel: opts.customerChannel, delayed, contactedBefore: await ticketsBefore(store, delayed) });
  });
}

/**
 * A WISMO contact is a helpdesk ticket about the delayed order opened before the notice went out:
 * a customer writing in about a late order is asking where it is, whatever words they chose.
 * One ticket read per delayed order.
 */
async function ticketsBefore(store: Store, delayed: readonly DelayedShipment[]): Promise<ContactedBefore> {
  const opened = new Map<string, string[]>();
  for (const d of delayed) {
    const key = `${d.shop}\0${d.orderId}`;
    if (!opened.has(key)) opened.set(key, (await store.listTickets({ shop: d.shop, orderId: d.orderId, limit: 1000 })).map((t) => t.createdAt));
  }
  return (d, at) => (opened.get(`${d.shop}\0${d.orderId}`) ?? []).some((createdAt) => createdAt < at);
}
