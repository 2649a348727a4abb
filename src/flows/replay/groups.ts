import type { StoredEvent } from "../../core/event.js";
import type { Hold } from "../../core/decision.js";
import type { Journey } from "../../core/journey.js";
import type { PayloadKind } from "../../core/normalized.js";
import { pushAll } from "../../core/push-all.js";
import type { OrderKey } from "../../store/port.js";
import type { FlowRun } from "../engine/run.js";
import type { FlowDefLike } from "../engine/orchestrate.js";
import type { History } from "./load-history.js";

/**
 * A replay's history split into groups that cannot see each other: a customer's orders, their
 * parcels and the tickets that could name them. A fold, a flow's context and a frequency cap read
 * only the order, its customer's other orders and holds, its parcels' scans and its tickets'
 * matches, so a group replayed in a store of its own decides exactly what it decides among all the
 * others. Small stores are the point: a store of 20,000 orders spends its time in hash lookups
 * and in collections that promote every journey, one of a few hundred events does not.
 */
export interface ReplayGroup {
  /** In the source's arrival order. */
  events: StoredEvent[];
  /** Reality's timer firings of this group's orders (History.firings). */
  firings: StoredEvent[];
  /** The touched orders in this group: the replay's records are read for these. */
  touched: OrderKey[];
  seedJourneys: Journey[];
  seedHolds: Hold[];
  seedRuns: FlowRun[];
}

export interface Grouping {
  /** `customer`: independent groups; `shop`: one group, for the reason given. */
  by: "customer" | "shop";
  /** Why the history could not be split (null when it was). */
  reason: string | null;
  groups: ReplayGroup[];
}

/** Events per group: independent customers are packed together up to this size (a store per customer costs more than it saves). */
export const GROUP_EVENTS = 200;

/** Ticket events: their runs may have no order, so a key built on `order.id` may render the same for two customers. */
const TICKET_TRIGGERS: ReadonlySet<string> = new Set<PayloadKind>(["ticket.upserted", "ticket.message_added", "ticket.triaged"]);
const ORDER_ID_IN_KEY = /\{\{\s*order\.id\s*\}\}/;
const CUSTOMER_KEY_ONLY = /^\s*\{\{\s*customer\.key\s*\}\}\s*$/;

/**
 * Why these flows need the whole shop in one store, or null when a group per customer decides the
 * same: a rate limit counts every run of the flow in the shop, and a frequency cap whose key is not
 * tied to one order (or is not exactly the customer's key) can count runs of other customers.
 */
export function shopWideReason(flows: readonly FlowDefLike[]): string | null {
  for (const f of flows) {
    if (f.limits?.rate) return `flow ${f.id} has a rate limit (${f.limits.rate.max} per ${f.limits.rate.per}), which counts its runs across the whole shop`;
    const key = f.limits?.frequency?.key;
    if (key === undefined || CUSTOMER_KEY_ONLY.test(key)) continue;
    if (!ORDER_ID_IN_KEY.test(key)) return `flow ${f.id}'s frequency cap is keyed by '${key}', which can be shared by more than one customer`;
    if (f.trigger.events.some((t) => TICKET_TRIGGERS.has(t))) return `flow ${f.id}'s frequency cap is keyed by '${key}' and it starts on ticket events, whose runs may have no order`;
  }
  return null;
}

/**
 * Union-find over the keys a replay's records can join on: an order, a tracking number, a customer
 * key (a Shopify customer id or a lower-cased e-mail, as `customerKeyOf`), a ticket. Every key
 * carries its shop, so groups never cross shops. Keys are numbered as they are first seen, by kind
 * and shop in maps of their own: a key made by joining its parts into one string was a new string
 * to hash at every look-up, and the look-ups were most of the grouping's time.
 */
type KeyKind = "order" | "tracking" | "customer" | "ticket";

class Links {
  readonly #ids: Record<KeyKind, Map<string, Map<string, number>>> = { order: new Map(), tracking: new Map(), customer: new Map(), ticket: new Map() };
  readonly #parent: number[] = [];

  /** The number of the key `(kind, shop, key)`, given one if `create` (else -1 when it has none). */
  node(kind: KeyKind, shop: string, key: string, create = true): number {
    const byShop = this.#ids[kind];
    let inScope = byShop.get(shop);
    if (inScope === undefined) {
      if (!create) return -1;
      byShop.set(shop, (inScope = new Map()));
    }
    let id = inScope.get(key);
    if (id === undefined) {
      if (!create) return -1;
      id = this.#parent.length;
      this.#parent.push(id);
      inScope.set(key, id);
    }
    return id;
  }

  root(k: number): number {
    const parent = this.#parent;
    let r = k;
    while (parent[r] !== r) r = parent[r]!;
    // Every key on the way now points at the root: the next look-up is one step.
    while (parent[k] !== r) {
      const up = parent[k]!;
      parent[k] = r;
      k = up;
    }
    return r;
  }

  join(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.#parent[rb] = ra;
  }
}

const orderNode = (links: Links, shop: string, orderId: string, create = true) => links.node("order", shop, orderId, create);
const trackingNode = (links: Links, shop: string, n: string) => links.node("tracking", shop, n);
const customerNode = (links: Links, shop: string, key: string, create = true) => links.node("customer", shop, key, create);
const ticketNode = (links: Links, shop: string, helpdesk: string, id: string) => links.node("ticket", shop, `${helpdesk}\0${id}`);
const nameKey = (shop: string, name: string) => `${shop}\0${name}`;

/** Orders by name: two orders can share one (a shop that renumbered, a test order). */
function addName(names: Map<string, string[]>, key: string, orderId: string): void {
  const known = names.get(key);
  if (known === undefined) names.set(key, [orderId]);
  else if (!known.includes(orderId)) known.push(orderId);
}

/** Both keys an order can be found by as a customer's: its Shopify customer id and its e-mail. */
function joinCustomer(links: Links, node: number, shop: string, customerId: string | null | undefined, email: string | null | undefined): void {
  if (customerId) links.join(node, customerNode(links, shop, customerId));
  if (email) links.join(node, customerNode(links, shop, email.toLowerCase()));
}

/**
 * What a ticket could be matched to, loosely: every run of digits could be an order number and
 * every long alphanumeric token a tracking number. A superset of what the ticket projector's
 * matcher extracts (it reads the joined messages, caps its candidates, and skips agents' messages),
 * so no order it could match is left out of the ticket's group; a candidate that names nothing
 * joins nothing.
 */
function ticketCandidates(texts: ReadonlyArray<string | null>): { names: string[]; tracking: string[] } {
  const names = new Set<string>();
  const tracking = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(/\d{3,12}/g)) names.add(m[0]).add(`#${m[0]}`);
    for (const m of text.matchAll(/[A-Za-z0-9]{10,35}/g)) tracking.add(m[0]).add(m[0].toUpperCase());
  }
  return { names: [...names], tracking: [...tracking] };
}

/** The keys one event joins: its order and parcel, and what its kind adds (customer, tracking numbers, ticket evidence). */
function joinEvent(links: Links, names: Map<string, string[]>, e: StoredEvent, pending: Array<() => void>): number {
  const { shop } = e;
  let node = -1;
  const tie = (k: number): void => {
    if (node < 0) node = k;
    else links.join(node, k);
  };
  if (e.orderKey !== null) tie(orderNode(links, shop, e.orderKey));
  if (e.trackingKey !== null) tie(trackingNode(links, shop, e.trackingKey));
  const p = e.payload;
  switch (p.kind) {
    case "order.upserted":
      tie(orderNode(links, shop, p.orderId));
      joinCustomer(links, node, shop, p.customerId, p.email);
      if (p.name !== null) addName(names, nameKey(shop, p.name), p.orderId);
      break;
    case "fulfillment.upserted":
      tie(orderNode(links, shop, p.orderId));
      for (const t of p.trackingNumbers) tie(trackingNode(links, shop, t));
      break;
    case "ticket.upserted":
    case "ticket.message_added": {
      const t = p.ticket;
      tie(ticketNode(links, shop, t.helpdesk, t.ticketId));
      if (t.customerEmail) tie(customerNode(links, shop, t.customerEmail.toLowerCase()));
      const found = ticketCandidates([t.subject, p.kind === "ticket.message_added" ? p.message.body : null]);
      for (const n of found.tracking) tie(trackingNode(links, shop, n));
      const refs = [...found.names, ...t.shopifyOrderRefs.flatMap((r) => [r, `#${r.replace(/^#/, "")}`])];
      for (const r of t.shopifyOrderRefs) if (/^\d+$/.test(r)) tie(orderNode(links, shop, r));
      // Names resolve once every order's name is known: a ticket may name an order that arrives later.
      const at = node;
      pending.push(() => {
        for (const r of refs) for (const orderId of names.get(nameKey(shop, r)) ?? []) links.join(at, orderNode(links, shop, orderId));
      });
      break;
    }
    case "ticket.triaged":
      tie(ticketNode(links, shop, p.helpdesk, p.ticketId));
      if (p.orderId !== null) tie(orderNode(links, shop, p.orderId));
      break;
    default:
      break;
  }
  return node;
}

/**
 * Splits the history into groups no flow, fold or ticket match can see across, packed into groups
 * of about `GROUP_EVENTS` events; one group for the whole history when a flow counts across
 * customers (`shopWideReason`). Deterministic: groups follow their first event's arrival.
 */
export function groupHistory(history: History, flows: readonly FlowDefLike[], groupEvents = GROUP_EVENTS): Grouping {
  const reason = shopWideReason(flows);
  if (reason !== null) return wholeShop(history, reason);

  const links = new Links();
  const names = new Map<string, string[]>();
  const pending: Array<() => void> = [];
  const eventNodes = history.events.map((e) => joinEvent(links, names, e, pending));
  for (const j of history.seedJourneys) {
    const node = orderNode(links, j.shop, j.orderId);
    joinCustomer(links, node, j.shop, j.customerId, j.email);
    if (j.name !== null) addName(names, nameKey(j.shop, j.name), j.orderId);
  }
  for (const h of history.seedHolds) links.join(orderNode(links, h.shop, h.orderId), customerNode(links, h.shop, h.customerKey));
  for (const resolve of pending) resolve();

  // Components in the order of their first event; events with no key at all (inventory, products) the projector does not read: they go with the first group.
  const byRoot = new Map<number, ReplayGroup>();
  const order: ReplayGroup[] = [];
  const groupOf = (root: number): ReplayGroup => {
    let g = byRoot.get(root);
    if (g === undefined) {
      byRoot.set(root, (g = { events: [], firings: [], touched: [], seedJourneys: [], seedHolds: [], seedRuns: [] }));
      order.push(g);
    }
    return g;
  };
  const loose: StoredEvent[] = [];
  history.events.forEach((e, i) => {
    const node = eventNodes[i]!;
    if (node < 0) loose.push(e);
    else groupOf(links.root(node)).events.push(e);
  });
  const existing = (node: number): ReplayGroup | undefined => (node >= 0 ? byRoot.get(links.root(node)) : undefined);
  const orderOf = (shop: string, orderId: string) => existing(orderNode(links, shop, orderId, false));
  for (const o of history.touched) orderOf(o.shop, o.orderId)?.touched.push(o);
  for (const f of history.firings) if (f.orderKey !== null) orderOf(f.shop, f.orderKey)?.firings.push(f);
  for (const j of history.seedJourneys) orderOf(j.shop, j.orderId)?.seedJourneys.push(j);
  for (const h of history.seedHolds) orderOf(h.shop, h.orderId)?.seedHolds.push(h);
  // A cap keyed by one order never counts another order's runs; one keyed by the customer counts that customer's. Other seeds cannot count here.
  for (const r of history.seedRuns) (r.limitKey != null ? existing(customerNode(links, r.shop, r.limitKey, false)) : undefined)?.seedRuns.push(r);

  return { by: "customer", reason: null, groups: pack(order, loose, groupEvents) };
}

/** The whole history as one group, for `reason`. */
export function wholeShop(history: History, reason: string): Grouping {
  return { by: "shop", reason, groups: [{ events: history.events, firings: history.firings, touched: history.touched, seedJourneys: history.seedJourneys, seedHolds: history.seedHolds, seedRuns: history.seedRuns }] };
}

/** Independent groups packed together up to `size` events, each pack's events back in arrival order; the loose events go with the first. */
function pack(groups: readonly ReplayGroup[], loose: readonly StoredEvent[], size: number): ReplayGroup[] {
  const out: ReplayGroup[] = [];
  const fresh = (): ReplayGroup => ({ events: [], firings: [], touched: [], seedJourneys: [], seedHolds: [], seedRuns: [] });
  let cur = fresh();
  pushAll(cur.events, loose);
  for (const g of groups) {
    pushAll(cur.events, g.events);
    pushAll(cur.firings, g.firings);
    pushAll(cur.touched, g.touched);
    pushAll(cur.seedJourneys, g.seedJourneys);
    pushAll(cur.seedHolds, g.seedHolds);
    pushAll(cur.seedRuns, g.seedRuns);
    if (cur.events.length >= size) {
      out.push(cur);
      cur = fresh();
    }
  }
  if (cur.events.length > 0) out.push(cur);
  for (const g of out) g.events.sort((a, b) => a.seq - b.seq);
  return out;
}
