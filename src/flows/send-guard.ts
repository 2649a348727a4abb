import type { OutboxAction } from "../core/outbox.js";
import type { ShopSettings } from "../core/settings.js";
import { checkSend, type OutgoingMessage, type SendVerdict } from "../core/send-truth.js";
import { quietHoursZone } from "../core/quiet-hours.js";
import type { Store } from "../store/port.js";
import { journeyOnce, type JourneyOf } from "./action-journey.js";

/**
 * What the dispatcher asks just before an action leaves, and tells once it left. Injected, so the
 * dispatcher knows no rule and tests can pass their own.
 */
export interface SendGuard {
  check(action: OutboxAction, now: Date): Promise<SendVerdict>;
  delivered(action: OutboxAction, at: Date): Promise<void>;
}

export interface SendGuardDeps {
  store: Store;
  settingsFor(shop: string): ShopSettings;
  /** The customer-message channel the rules apply to ("notify.customer"); other channels always go. */
  channel: string;
  /** How the action's journey is read: shared with quiet hours (`journeyOnce`) so a message reads it once; the store's, unless given. */
  journeyOf?: JourneyOf;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const record = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Reads a customer message from its outbox payload (`metric`, `properties`, as `notify.customer` stores it). */
export function outgoingMessage(action: OutboxAction): OutgoingMessage {
  const p = record(action.payload.properties);
  return {
    metric: str(action.payload.metric) ?? "(no metric)",
    shipmentKey: str(p.shipment),
    statusTag: str(p.status_tag),
    reason: str(p.reason),
    eventTime: str(p.event_time),
    promisedDelivery: validDate(p.promised_delivery),
    previousExpected: validDate(p.previous_expected_delivery),
  };
}

/** The person a message is for, by the identifiers on its profile: the frequency cap counts per person. */
function recipient(action: OutboxAction): string | null {
  const profile = record(action.payload.profile);
  return str(profile.email)?.toLowerCase() ?? str(profile.phone_number) ?? str(profile.external_id);
}

const decidedBefore = (a: OutboxAction, b: OutboxAction): boolean => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);

function validDate(v: unknown): string | null {
  const s = str(v);
  return s !== null && Number.isFinite(Date.parse(s)) ? new Date(s).toISOString() : null;
}

/**
 * Send-time truth for customer messages (src/core/send-truth.ts) over the live store, and the
 * promise ledger: a sent message that told a delivery date records it.
 */
export function createSendGuard(deps: SendGuardDeps): SendGuard {
  const { store } = deps;
  const journeyOf = deps.journeyOf ?? journeyOnce(store);
  /**
   * Customer messages delivered (or going out now) that may be this recipient's. By e-mail: the messages
   * of that customer's orders (a few indexed reads), not every message of the shop, which made each
   * send cost as much as the shop's whole recent traffic. Messages about no order, or to a phone
   * or an external id, read the shop's; orderless messages to a customer with orders are not
   * counted against the cap of their order messages.
   */
  const sentTo = async (who: string | null, action: OutboxAction, query: { status: "delivered" | "in_flight"; updatedAfter?: string }): Promise<OutboxAction[]> => {
    const base = { shop: action.shop, channel: deps.channel, ...query };
    // A message about no order (or to no e-mail) has no orders to look through: the shop's are read.
    if (who === null || !who.includes("@") || action.orderId === null) return store.listOutbox(base);
    const orders = new Set((await store.ordersByEmail(action.shop, who)).map((o) => o.orderId));
    orders.add(action.orderId);
    return (await Promise.all([...orders].map((orderId) => store.listOutbox({ ...base, orderId })))).flat();
  };
  return {
    async check(action, now) {
      if (action.channel !== deps.channel) return { action: "send", checked: "not a customer message" };
      const message = outgoingMessage(action);
      const settings = deps.settingsFor(action.shop);
      const cap = settings.comms.frequencyCap;
      const journey = await journeyOf(action);
      const liveTag = journey?.shipments.find((s) => s.key === message.shipmentKey)?.tag ?? null;
      const sentForOrder = action.orderId ? (await store.listOutbox({ shop: action.shop, orderId: action.orderId, status: "delivered", channel: deps.channel })).map(outgoingMessage) : [];
      const who = recipient(action);
      const since = new Date(now.getTime() - cap.perHours * 3_600_000).toISOString();
      // Messages claimed beside this one (the same dispatch batch) are going out now: the ones decided
      // earlier count, so of two that would cross the cap together the first goes and the second waits its turn.
      const [deliveredRecently, goingOut] = await Promise.all([sentTo(who, action, { status: "delivered", updatedAfter: since }), sentTo(who, action, { status: "in_flight" })]);
      const recent = [...deliveredRecently, ...goingOut.filter((a) => decidedBefore(a, action))];
      const sentToCustomerRecently = who === null ? [] : recent.filter((a) => recipient(a) === who && a.id !== action.id).map(outgoingMessage);
      const promises = action.orderId ? await store.promisesForOrder(action.shop, action.orderId) : [];
      return checkSend({ message, now, settings: settings.comms, quietHours: settings.quietHours, timeZone: quietHoursZone(journey?.customerTimeZone, settings.calendar.timeZone).timeZone, liveTag, sentForOrder, sentToCustomerRecently, promises });
    },
    async delivered(action, at) {
      if (action.channel !== deps.channel || action.orderId === null) return;
      const m = outgoingMessage(action);
      if (m.promisedDelivery === null) return;
      await store.recordPromise({ shop: action.shop, orderId: action.orderId, shipmentKey: m.shipmentKey, promisedBy: m.promisedDelivery, metric: m.metric, toldAt: at.toISOString(), sourceKey: action.idempotencyKey });
    },
  };
}
