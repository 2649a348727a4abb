import type { OutboxAction } from "../core/outbox.js";
import type { Channel } from "./channel.js";
import { failure } from "./delivery-result.js";

/**
 * Binds a vendor-neutral channel name (what rules emit, e.g. "alert.team") to a connector's
 * channel, optionally translating the payload. A translation that fails is a permanent error.
 */
export function bindChannel(name: string, target: Channel, translate?: (payload: Record<string, unknown>) => Record<string, unknown>): Channel {
  return {
    name,
    ...(target.reserve ? { reserve: (now: Date) => target.reserve!(now) } : {}),
    send(action: OutboxAction, ctx) {
      if (!translate) return target.send(action, ctx);
      let payload: Record<string, unknown>;
      try {
        payload = translate(action.payload);
      } catch (err) {
        return Promise.resolve(failure("PAYLOAD_INVALID", `cannot build the ${target.name} payload for ${action.idempotencyKey}: ${err instanceof Error ? err.message : String(err)}`, { retryable: false }));
      }
      return target.send({ ...action, payload }, ctx);
    },
  };
}

/** A channel that is configured off: every send fails permanently and says how to turn it on. */
export function unconfiguredChannel(name: string, howToEnable: string): Channel {
  return {
    name,
    send: async () => failure("CHANNEL_NOT_CONFIGURED", `${name} is not configured: ${howToEnable}`, { retryable: false }),
  };
}
