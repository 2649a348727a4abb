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
 * The views of the journey are worked out when first read and kept: most triggers meet only a
 * filter that reads one or two of them (`shipment.tag == "Delivered"`, `signal.name == ...`),
 * and says no. They are own, enumerable properties, so a copy (`withFields`) or JSON reads them
 * like any other field.
 */
export function buildFlowContext(input: ContextInput): Record<string, unknown> {
  const j = input.journey;
  let shipment: Record<string, unknown> | null | undefined;
  let customer: Record<string, unknown> | null | undefined;
  let holds: Array<Record<string, unknown>> | undefined;
  let shop: Record<string, unknown> | undefined;
  const ctx: Record<string, unknown> = {
    event: { type: input.trigger.type, occurred_at: input.trigger.occurredAt },
    get order() {
      return j ? orderView(j) : null;
    },
    get shipment() {
      if (shipment === undefined) {
        const s = j && input.trigger.shipmentKey ? j.shipments.find((x) => x.key === input.trigger.shipmentKey) : undefined;
        shipment = s ? shipmentView(s) : null;
      }
      return shipment;
    },
    get customer() {
      if (customer === undefined) {
        const key = j ? customerKeyOf(j) : null;
        customer = j ? { key, id: j.customerId, email: j.email, orders_count: input.customerOrders, active_holds: input.activeHolds.length, time_zone: j.customerTimeZone ?? null } : null;
      }
      return customer;
    },
    get holds() {
      return (holds ??= input.activeHolds.map((h) => snakeKeys(h)));
    },
    ticket: input.ticket ?? null,
    tickets: input.ticket ? [input.ticket] : [],
    get shop() {
      return (shop ??= { domain: input.shop, settings: settingsView(input.settings) });
    },
  };
  // The trigger's facts (`signal`, a timer's `event`, …) replace `event` but none of the views.
  // Added after the literal, which is then made from a cached shape rather than field by field.
  for (const key in input.trigger.facts) if (!VIEWS.has(key)) ctx[key] = input.trigger.facts[key];
  if (input.now !== undefined) ctx["now"] = input.now;
  return ctx;
}

const VIEWS = new Set(["order", "shipment", "customer", "holds", "ticket", "tickets", "shop"]);

/*
 * Journeys, shipments, settings and an order's line items are immutable values, and every trigger
 * of a fold (and every flow looking at it) reads the same ones: their snake_case views are built
 * once per object. The line items are even the same array from one fold to the next (the order
 * event's). Contexts are only read, so sharing a view between them is safe.
 */
const orderViews = new WeakMap<Journey, Record<string, unknown>>();
const shipmentViews = new WeakMap<Shipment, Record<string, unknown>>();
const settingsViews = new WeakMap<ShopSettings, Record<string, unknown>>();
const lineItemViews = new WeakMap<Journey["lineItems"], unknown>();

function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (k: K) => V): V {
  let view = cache.get(key);
  if (view === undefined) cache.set(key, (view = build(key)));
  return view;
}

const settingsView = (settings: ShopSettings) => memo(settingsViews, settings, snakeKeys);
const lineItemsView = (items: Journey["lineItems"]): unknown => memo(lineItemViews, items, snakeKeys);
// Without the checkpoints (a list that only grows; the journey's signals and tags say what they mean).
// The same object is `shipment` and the order's entry for it.
const shipmentView = (shipment: Shipment) => memo(shipmentViews, shipment, (s) => snakeKeysExcept(s, "checkpoints"));
// Written out rather than converted with snakeKeys: a journey is new at every fold, and this view is built for each.
const orderView = (journey: Journey) =>
  memo(orderViews, journey, (j) => ({
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
    shipments: j.shipments.map(shipmentView),
    signals: j.signals.map((s) => s.name),
    total_price: j.totalPrice === null ? null : Number(j.totalPrice),
  }));

