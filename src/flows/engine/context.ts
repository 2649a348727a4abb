import type { Journey, Shipment } from "../../core/journey.js";
import type { Hold } from "../../core/decision.js";
import type { ShopSettings } from "../../core/settings.js";
import type { RunTrigger } from "./run.js";
import { snakeKeys, snakeKeysExcept } from "./snake.js";
import { customerKeyOf } from "../../core/customer-key.js";

export interface ContextInput {
  shop: string;
  settings: ShopSettings;
  journey: Journey | null;
  trigger: RunTrigger;
  customerOrders: number;
  activeHolds: Hold[];
  /** The helpdesk ticket a ticket trigger concerns. */
  ticket?: TicketView;
  /** `now`, when the caller knows it already (a trigger's own time, for the flows it starts). */
  now?: string;
}

/** `ticket` in a flow's context (docs/FLOWS.md), snake_case like the rest. */
export interface TicketView {
  id: string;
  helpdesk: string;
  status: string;
  channel: string | null;
  subject: string | null;
  customer_email: string | null;
  customer_name: string | null;
  tags: string[];
  orders: Array<{ order_id: string; reason: string }>;
  message_count: number;
  customer_message_count: number;
  reopen_count: number;
  first_response_at: string | null;
}

/**
 * The variables a flow's expressions see (docs/FLOWS.md): snake_case, money as numbers, ids as
 * strings. Built from the journey as it is when the step runs, plus the trigger that started it.
 *
 * The views of the journey (order, shipment, customer, holds, shop) are worked out when first read
 * and kept: most triggers meet only a filter that reads one or two of them (`shipment.tag ==
 * "Delivered"`, `signal.name == ...`), and says no. They are accessors on one prototype shared by
 * every context, so that a step's context (`extendContext`) copies only the context's own fields
 * and shares the views worked out so far. Expressions find them (`contextVariable`) and so does
 * a property read; JSON and spreads see only the own fields.
 */
export function buildFlowContext(input: ContextInput): Record<string, unknown> {
  const ctx = Object.create(VIEW_ACCESSORS) as Record<string | symbol, unknown>;
  ctx[STATE] = { input } satisfies ViewState;
  ctx["event"] = { type: input.trigger.type, occurred_at: input.trigger.occurredAt };
  ctx["ticket"] = input.ticket ?? null;
  ctx["tickets"] = input.ticket ? [input.ticket] : [];
  // The trigger's facts (`signal`, a timer's `event`, …) replace `event` but none of the views.
  for (const key in input.trigger.facts) if (!VIEWS.has(key)) ctx[key] = input.trigger.facts[key];
  if (input.now !== undefined) ctx["now"] = input.now;
  return ctx as Record<string, unknown>;
}

/** What a context's views are worked out from, and those worked out so far (shared by its extensions). */
interface ViewState {
  input: ContextInput;
  /** The journey's views, shared with every context of the same journey built meanwhile (see `viewsOf`). */
  views?: JourneyViews | null;
  shipment?: Record<string, unknown> | null;
  customer?: Record<string, unknown> | null;
  holds?: Array<Record<string, unknown>>;
  shop?: Record<string, unknown>;
}

/** An own, enumerable symbol: copied with the context's fields (Object.assign), never seen by JSON or `for…in`. */
const STATE = Symbol("flow context views");
const stateOf = (ctx: object): ViewState => (ctx as Record<symbol, ViewState>)[STATE]!;

const VIEW_ACCESSORS: object = Object.create(Object.prototype, {
  order: {
    get(this: object) {
      const views = journeyViews(stateOf(this));
      return views ? orderView(views) : null;
    },
  },
  shipment: {
    get(this: object) {
      const s = stateOf(this);
      if (s.shipment === undefined) {
        const { journey: j, trigger } = s.input;
        const found = j && trigger.shipmentKey ? j.shipments.find((x) => x.key === trigger.shipmentKey) : undefined;
        s.shipment = found ? shipmentView(journeyViews(s)!, found) : null;
      }
      return s.shipment;
    },
  },
  customer: {
    get(this: object) {
      const s = stateOf(this);
      if (s.customer === undefined) {
        const { journey: j, customerOrders, activeHolds } = s.input;
        s.customer = j ? { key: customerKeyOf(j), id: j.customerId, email: j.email, orders_count: customerOrders, active_holds: activeHolds.length, time_zone: j.customerTimeZone ?? null } : null;
      }
      return s.customer;
    },
  },
  holds: {
    get(this: object) {
      const s = stateOf(this);
      return (s.holds ??= s.input.activeHolds.map((h) => snakeKeys(h)));
    },
  },
  shop: {
    get(this: object) {
      const s = stateOf(this);
      return (s.shop ??= { domain: s.input.shop, settings: settingsView(s.input.settings) });
    },
  },
});

const VIEWS = new Set(["order", "shipment", "customer", "holds", "ticket", "tickets", "shop"]);

/**
 * `base` with `fields` on top: the context a step, or a resumed wait, sees. Its own fields are
 * copied; its views stay on the shared prototype, with what was worked out so far, and are worked
 * out only when a step reads them. A plain object is copied as it is.
 */
export function extendContext(base: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(Object.getPrototypeOf(base) as object | null) as Record<string, unknown>, base, fields);
}

/*
 * Journeys, shipments, settings and an order's line items are immutable values, and every trigger
 * of a fold (and every flow looking at it) reads the same ones: their snake_case views are built
 * once. Settings and line items are long-lived objects (the line items are even the same array
 * from one fold to the next: the order event's), so theirs are kept by object. A journey and its
 * shipments are new at every fold: their views are kept with the journey among the few most
 * recent (`viewsOf`) and by each context that read them, not in WeakMaps, which took an entry
 * for every fold's new objects (ephemerons the collector must trace). Contexts are only read, so
 * sharing a view between them is safe.
 */
const settingsViews = new WeakMap<ShopSettings, Record<string, unknown>>();
const lineItemViews = new WeakMap<Journey["lineItems"], unknown>();

function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (k: K) => V): V {
  let view = cache.get(key);
  if (view === undefined) cache.set(key, (view = build(key)));
  return view;
}

/** A journey's views: its order view and its shipments' (the same object is `shipment` and the order's entry for it). */
interface JourneyViews {
  journey: Journey;
  order?: Record<string, unknown>;
  shipments: Map<Shipment, Record<string, unknown>>;
}

/** Journeys whose views are kept: a step's contexts all read the journey its fold just made. */
const RECENT = 4;
const recent: JourneyViews[] = [];

function viewsOf(journey: Journey): JourneyViews {
  for (const v of recent) if (v.journey === journey) return v;
  const views: JourneyViews = { journey, shipments: new Map() };
  if (recent.length >= RECENT) recent.pop();
  recent.unshift(views);
  return views;
}

/** The context's journey views, found once per context: it keeps them, whatever the recent list drops meanwhile. */
function journeyViews(s: ViewState): JourneyViews | null {
  if (s.views === undefined) s.views = s.input.journey ? viewsOf(s.input.journey) : null;
  return s.views;
}

const settingsView = (settings: ShopSettings) => memo(settingsViews, settings, snakeKeys);
const lineItemsView = (items: Journey["lineItems"]): unknown => memo(lineItemViews, items, snakeKeys);
// Without the checkpoints (a list that only grows; the journey's signals and tags say what they mean).
function shipmentView(views: JourneyViews, shipment: Shipment): Record<string, unknown> {
  let view = views.shipments.get(shipment);
  if (view === undefined) views.shipments.set(shipment, (view = snakeKeysExcept(shipment, "checkpoints")));
  return view;
}
// Written out rather than converted with snakeKeys: a journey is new at every fold, and this view is built for each.
function orderView(views: JourneyViews): Record<string, unknown> {
  const j = views.journey;
  return (views.order ??= {
    id: j.orderId,
    gid: j.orderGid,
    name: j.name,
    email: j.email,
    currency: j.currency,
    financial_status: j.financialStatus,
    fulfillment_status: j.fulfillmentStatus,
    cancelled_at: j.cancelledAt,
    cancel_reason: j.cancelReason,
    created_at: j.createdAt,
    promised_by: j.promisedBy,
    shipping_method: j.shippingMethod,
    line_items: lineItemsView(j.lineItems),
    shipments: j.shipments.map((x) => shipmentView(views, x)),
    signals: j.signals.map((x) => x.name),
    total_price: j.totalPrice === null ? null : Number(j.totalPrice),
  });
}
