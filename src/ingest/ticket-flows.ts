import type { StoredEvent } from "../core/event.js";
import type { Journey } from "../core/journey.js";
import type { Ticket } from "../core/ticket.js";
import type { ProjectionWrite, Store } from "../store/port.js";
import { stableId } from "../core/ids.js";
import { ticketOf } from "../core/ticket-of.js";
import { customerKeyOf } from "../core/customer-key.js";
import { orchestrate } from "../flows/engine/orchestrate.js";
import { buildFlowContext, type TicketView } from "../flows/engine/context.js";
import { eventFacts } from "../flows/engine/triggers.js";
import { snakeKeys } from "../flows/engine/snake.js";
import type { FlowRun, RunTrigger } from "../flows/engine/run.js";
import type { ProjectorDeps } from "./projector.js";
import { addFlowOutput } from "./flow-output.js";

const TICKET_KINDS = new Set(["ticket.upserted", "ticket.message_added", "ticket.triaged"]);

/** A ticket event as a flow trigger; `triage` is the triage's own facts, like `signal` for signals. */
function triggerOf(e: StoredEvent): RunTrigger {
  const facts: Record<string, unknown> = { event: eventFacts(e) };
  if (e.payload.kind === "ticket.triaged") facts["triage"] = snakeKeys(e.payload);
  return { type: e.payload.kind, key: `event:${e.source}:${e.deliveryId}`, eventId: e.id, occurredAt: e.occurredAt, shipmentKey: null, facts };
}

export function ticketView(t: Ticket): TicketView {
  const fromCustomer = t.messages.filter((m) => !m.fromAgent);
  return {
    id: t.ticketId,
    helpdesk: t.helpdesk,
    status: t.status,
    channel: t.channel,
    subject: t.subject,
    customer_email: t.customerEmail,
    customer_name: t.customerName,
    tags: t.tags,
    orders: t.orders.map((o) => ({ order_id: o.orderId, reason: o.reason })),
    message_count: t.messages.length,
    customer_message_count: fromCustomer.length,
    reopen_count: t.reopenCount,
    first_response_at: t.firstResponseAt,
  };
}

/**
 * Flows on ticket events: after the ticket projection of a batch, each ticket event is a trigger
 * for the flows that name it, with the ticket, and the order it is about (its strongest match),
 * in the context. Runs are keyed by the event, so a step redone after a crash starts nothing twice.
 */
export async function projectTicketFlows(deps: ProjectorDeps, events: readonly StoredEvent[], write: ProjectionWrite): Promise<void> {
  const engine = deps.flows;
  if (!deps.decide || !engine) return;
  const { store } = deps;
  for (const e of events) {
    if (!TICKET_KINDS.has(e.payload.kind)) continue;
    const ref = ticketOf(e.payload)!;
    const trigger = triggerOf(e);
    const starting = engine.flows.filter((f) => f.trigger.events.includes(trigger.type));
    if (starting.length === 0) continue;
    const ticket = (write.tickets ?? []).find((t) => t.shop === e.shop && t.helpdesk === ref.helpdesk && t.ticketId === ref.ticketId) ?? (await store.getTicket(e.shop, ref.helpdesk, ref.ticketId));
    const orderId = e.payload.kind === "ticket.triaged" ? e.payload.orderId : (ticket?.orders[0]?.orderId ?? null);
    const journey = orderId ? await journeyOf(store, write, e.shop, orderId) : null;
    const customerKey = journey ? customerKeyOf(journey) : null;
    const activeHolds = customerKey ? (await store.holdsForCustomer(e.shop, customerKey)).filter((h) => h.releasedAt === null) : [];
    const customerOrders = customerKey ? Math.max(await store.countOrdersForCustomer(e.shop, customerKey), journey?.customerOrdersCount ?? 0, 1) : 0;
    const settings = deps.settingsFor(e.shop);
    const ctx = buildFlowContext({ shop: e.shop, settings, journey, trigger, customerOrders, activeHolds, ...(ticket ? { ticket: ticketView(ticket) } : {}) });
    const existingRuns = await existing(store, write, starting.map((f) => stableId("run", e.shop, f.id, trigger.key, orderId)));
    addFlowOutput(write, orchestrate({ shop: e.shop, orderId, triggers: [trigger], existingRuns, engine, contextFor: () => ctx, batchRuns: write.runs, startDecisions: deps.runStartDecisions }));
  }
}

async function journeyOf(store: Store, write: ProjectionWrite, shop: string, orderId: string): Promise<Journey | null> {
  return write.journeys.find((j) => j.shop === shop && j.orderId === orderId) ?? (await store.getJourney(shop, orderId));
}

/** Runs a trigger may already have: written earlier in this batch, or stored by an earlier step. */
async function existing(store: Store, write: ProjectionWrite, ids: string[]): Promise<FlowRun[]> {
  const out: FlowRun[] = [];
  for (const id of ids) {
    const run = write.runs.find((r) => r.id === id) ?? (await store.getRun(id));
    if (run) out.push(run);
  }
  return out;
}
