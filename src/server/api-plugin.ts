import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../store/port.js";
import { OutboxStatus } from "../core/outbox.js";
import { loadOrderEvents } from "../ingest/projector.js";
import { apiAuthHook, type AuthGate } from "./auth-gate.js";
import { errorBody } from "./errors.js";
import { buildTimeline } from "./timeline.js";
import { summarize } from "./summary.js";
import { registerRunsRoutes, type RunsRoutesOptions } from "./runs-routes.js";
import { registerReplayRoutes, type ReplayRoutesOptions } from "./replay-routes.js";
import { registerReviewRoutes } from "./review-routes.js";
import { registerTicketsRoutes } from "./tickets-routes.js";
import { registerCommsRoutes } from "./comms-routes.js";

export interface ApiPluginOptions {
  store: Store;
  /** Bearer tokens and the per-source limit on failed attempts. */
  auth: AuthGate;
  shops: readonly string[];
  now(): Date;
  /** The live flows (and rules, for replays) that runs and replays use. */
  runs: Omit<RunsRoutesOptions, "store" | "now"> & Pick<ReplayRoutesOptions, "rules" | "runner" | "catalog">;
  /** Ids for review decisions. */
  newId(): string;
}

const OrderParams = z.object({ id: z.string().min(1) });
const ShopQuery = z.object({ shop: z.string().optional() });
const OutboxQuery = z.object({ status: OutboxStatus.optional(), order: z.string().optional(), shop: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const EventsQuery = z.object({ order: z.string().optional(), tracking: z.string().optional(), shop: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });

/** Accepts 820982911946154508 or gid://shopify/Order/820982911946154508. */
export function orderIdFrom(raw: string): string | null {
  const m = /^(?:gid:\/\/shopify\/Order\/)?(\d{1,30})$/.exec(raw.trim());
  return m ? m[1]! : null;
}

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
}

export async function apiPlugin(app: FastifyInstance, opts: ApiPluginOptions): Promise<void> {
  const { store } = opts;

  app.addHook("onRequest", apiAuthHook(opts.auth));

  const resolveShop = (requested: string | undefined): string | null => {
    if (requested) return opts.shops.includes(requested) ? requested : null;
    return opts.shops.length === 1 ? opts.shops[0]! : null;
  };

  app.get("/api/orders/:id", async (req, reply) => {
    const params = OrderParams.parse(req.params);
    const q = ShopQuery.safeParse(req.query);
    const orderId = orderIdFrom(decodeURIComponent(params.id));
    if (!orderId) return reply.code(400).send(errorBody("BAD_REQUEST", `"${params.id}" is not a Shopify order id (numeric, or gid://shopify/Order/<id>)`));
    const shop = resolveShop(q.success ? q.data.shop : undefined);
    if (!shop) return reply.code(400).send(errorBody("BAD_REQUEST", "add ?shop=<domain>: several shops are configured, or the shop is unknown"));
    const journey = await store.getJourney(shop, orderId);
    if (!journey) return reply.code(404).send(errorBody("NOT_FOUND", `no order ${orderId} in ${shop}`));
    const [events, decisions, outbox] = await Promise.all([loadOrderEvents(store, shop, orderId), store.decisionsForOrder(shop, orderId), store.listOutbox({ shop, orderId, limit: 500 })]);
    const tickets = (await store.listTickets({ shop, orderId, limit: 50 })).filter((t) => t.status !== "closed");
    return { journey, signals: journey.signals, timeline: buildTimeline(events, decisions, outbox), tickets };
  });

  app.get("/api/orders", async (req, reply) => {
    const q = ShopQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", zodMessage(q.error)));
    const journeys = await store.listJourneys(q.data.shop, 200);
    return { orders: journeys.map((j) => ({ order_id: j.orderId, name: j.name, shop: j.shop, created_at: j.createdAt, total_price: j.totalPrice, shipments: j.shipments.map((s) => ({ key: s.key, tag: s.tag, subtag: s.subtag })), signals: j.signals.map((s) => s.name) })) };
  });

  app.get("/api/outbox", async (req, reply) => {
    const q = OutboxQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", zodMessage(q.error)));
    const { status, order, shop, limit } = q.data;
    return { actions: await store.listOutbox({ ...(status ? { status } : {}), ...(order ? { orderId: orderIdFrom(order) ?? order } : {}), ...(shop ? { shop } : {}), limit }) };
  });

  app.post("/api/outbox/:id/retry", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const action = await store.getOutbox(id);
    if (!action) return reply.code(404).send(errorBody("NOT_FOUND", `no outbox action ${id}`));
    if (action.status !== "dead") return reply.code(409).send(errorBody("OUTBOX_NOT_RETRYABLE", `action ${id} is ${action.status}; only dead actions can be retried`));
    await store.requeue(id, opts.now().toISOString());
    return { action: await store.getOutbox(id) };
  });

  app.post("/api/outbox/:id/cancel", async (req, reply) => {
    const { id } = z.object({ id: z.string() }).parse(req.params);
    const action = await store.getOutbox(id);
    if (!action) return reply.code(404).send(errorBody("NOT_FOUND", `no outbox action ${id}`));
    if (!(await store.cancelOutbox(id, opts.now().toISOString()))) return reply.code(409).send(errorBody("OUTBOX_NOT_CANCELLABLE", `action ${id} is ${action.status}; only pending, awaiting_review or dead actions can be cancelled`));
    return { action: await store.getOutbox(id) };
  });

  registerRunsRoutes(app, { store, now: opts.now, ...opts.runs });
  registerReviewRoutes(app, { store, now: opts.now, newId: opts.newId, engine: opts.runs.engine, settingsFor: opts.runs.settingsFor, onEnqueued: opts.runs.onEnqueued });
  registerTicketsRoutes(app, { store, resolveShop });
  registerReplayRoutes(app, { store, engine: opts.runs.engine, rules: opts.runs.rules, settingsFor: opts.runs.settingsFor, runner: opts.runs.runner, catalog: opts.runs.catalog });
  registerCommsRoutes(app, { store, now: opts.now, resolveShop, orderIdFrom, customerChannel: "notify.customer", delayFlowId: "delay-notice" });

  app.get("/api/events", async (req, reply) => {
    const q = EventsQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(errorBody("BAD_REQUEST", zodMessage(q.error)));
    const { order, tracking, shop: requested, limit } = q.data;
    if (order) {
      const orderId = orderIdFrom(order);
      const shop = resolveShop(requested);
      if (!orderId || !shop) return reply.code(400).send(errorBody("BAD_REQUEST", !orderId ? `"${order}" is not a Shopify order id` : "add ?shop=<domain>"));
      const events = (await loadOrderEvents(store, shop, orderId)).sort((a, b) => a.seq - b.seq).slice(0, limit);
      return { events };
    }
    return { events: await store.listEvents({ ...(requested ? { shop: requested } : {}), ...(tracking ? { trackingNumber: tracking } : {}), limit }) };
  });

  app.get("/api/summary", async () => summarize(store, opts.now()));
}
