import type { StoredEvent } from "./event.js";
import type {
  Checkpoint,
  DisputeCreated,
  FulfillmentUpserted,
  OrderUpserted,
  RefundCreated,
  ReturnUpdated,
  TrackingUpdated,
} from "./normalized.js";

export interface FulfillmentScan {
  checkpoint: Checkpoint;
  estimate: string | null;
}

/** What an order's events say, in source-time order: the fold's state before shipments are derived. */
export interface Collected {
  order: OrderUpserted | null;
  fulfillments: Map<string, FulfillmentUpserted>; // by fulfillment id, latest updatedAt
  fulfillmentScans: Map<string, FulfillmentScan[]>; // by fulfillment id
  tracking: Map<string, TrackingUpdated[]>; // by tracking number
  refunds: Map<string, RefundCreated>;
  returns: Map<string, ReturnUpdated>;
  disputes: Map<string, DisputeCreated>;
}

/** One pass over the events, sorted as `foldJourney` sorts them. */
export function collect(sorted: StoredEvent[]): Collected {
  const state: Collected = {
    order: null,
    fulfillments: new Map(),
    fulfillmentScans: new Map(),
    tracking: new Map(),
    refunds: new Map(),
    returns: new Map(),
    disputes: new Map(),
  };
  for (const { payload } of sorted) {
    switch (payload.kind) {
      case "order.upserted":
        state.order = newerOrder(state.order, payload);
        break;
      case "fulfillment.upserted": {
        const known = state.fulfillments.get(payload.fulfillmentId);
        if (known === undefined || payload.updatedAt >= known.updatedAt) state.fulfillments.set(payload.fulfillmentId, payload);
        break;
      }
      case "fulfillment.event":
        push(state.fulfillmentScans, payload.fulfillmentId, { checkpoint: payload.checkpoint, estimate: payload.estimatedDeliveryAt });
        break;
      case "tracking.updated":
        push(state.tracking, payload.trackingNumber, payload);
        break;
      case "refund.created":
        if (!state.refunds.has(payload.refundId)) state.refunds.set(payload.refundId, payload);
        break;
      case "return.updated":
        // ReturnUpdated carries no time of its own: the sorted position (event time) is the source time.
        state.returns.set(payload.returnId, payload);
        break;
      case "dispute.created":
        state.disputes.set(payload.disputeId, payload);
        break;
      default:
        // timer.fired and order.edited change no stored field; they still move asOf and eventCount.
        break;
    }
  }
  return state;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The order as of its greatest updated_at. On a tie the later-sorted copy wins, except that a
 * cancellation is never dropped by a copy of the same instant that lacks it.
 */
function newerOrder(current: OrderUpserted | null, next: OrderUpserted): OrderUpserted {
  if (current === null || next.updatedAt > current.updatedAt) return next;
  if (next.updatedAt < current.updatedAt) return current;
  if (next.cancelledAt === null && current.cancelledAt !== null) {
    return { ...next, cancelledAt: current.cancelledAt, cancelReason: current.cancelReason };
  }
  return next;
}
