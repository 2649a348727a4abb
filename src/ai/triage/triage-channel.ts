import type { Clock } from "../../core/clock.js";
import type { NewEvent } from "../../core/event.js";
import type { IdSource } from "../../core/ids.js";
import type { ShopSettings } from "../../core/settings.js";
import type { AppendResult, Delivery, Store } from "../../store/port.js";
import type { Channel } from "../../flows/channel.js";
import { delivered, failure } from "../../flows/delivery-result.js";
import { customerKeyOf } from "../../core/customer-key.js";
import { TRIAGE_CHANNEL, TriageInput } from "./action.js";
import { triageMessage, type TriageDeps } from "./triage-message.js";

export interface TriageChannelDeps {
  store: Store;
  triage: TriageDeps;
  settingsFor(shop: string): ShopSettings;
  /** The group-commit appender: the triage's result enters the log like any event. */
  append(delivery: Delivery): Promise<AppendResult>;
  clock: Clock;
  ids: IdSource;
}

/**
 * The `ai.triage` channel: reads the ticket, its message and the live order, triages, and appends
 * the `ticket.triaged` event. The delivery id is the action's idempotency key, so a retried send
 * after a crash is a duplicate the log drops.
 */
export function createTriageChannel(deps: TriageChannelDeps): Channel {
  return {
    name: TRIAGE_CHANNEL,
    async send(action, ctx) {
      const input = TriageInput.safeParse(action.payload);
      if (!input.success) return failure("PAYLOAD_INVALID", `ai.triage: ${input.error.issues.map((i) => i.message).join("; ")}`, { retryable: false });
      const { helpdesk, ticket_id: ticketId, message_id: messageId } = input.data;
      const ticket = await deps.store.getTicket(action.shop, helpdesk, ticketId);
      if (!ticket) return failure("TICKET_UNKNOWN", `no ${helpdesk} ticket ${ticketId} in ${action.shop}`, { retryable: false });
      const message = ticket.messages.find((m) => m.id === messageId);
      if (!message) return failure("MESSAGE_UNKNOWN", `ticket ${ticketId} has no message ${messageId}`, { retryable: false });
      const orderId = ticket.orders[0]?.orderId ?? null;
      const journey = orderId ? await deps.store.getJourney(action.shop, orderId) : null;
      const customerKey = journey ? customerKeyOf(journey) : null;
      const holds = customerKey ? (await deps.store.holdsForCustomer(action.shop, customerKey)).filter((h) => h.releasedAt === null) : [];
      const triaged = await triageMessage(deps.triage, { ticket, message, journey, holds, settings: deps.settingsFor(action.shop), signal: ctx.signal });
      const at = deps.clock.now().toISOString();
      const event: NewEvent = {
        shop: action.shop,
        source: "triage",
        topic: "ticket.triaged",
        occurredAt: at,
        deliveryId: action.idempotencyKey,
        orderKey: null,
        trackingKey: null,
        payload: { kind: "ticket.triaged", ...triaged },
      };
      const eventId = deps.ids();
      const result = await deps.append({ eventId, receivedAt: at, event, raw: { id: eventId, shop: action.shop, source: "triage", topic: "ticket.triaged", receivedAt: at, headers: {}, body: Buffer.from(JSON.stringify(event.payload)) } });
      return delivered(200, `${triaged.classification.intent} (${triaged.classification.confidence.toFixed(2)}), ${result.status}`);
    },
  };
}
