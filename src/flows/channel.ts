import type { OutboxAction } from "../core/outbox.js";
import { failure, type DeliveryResult } from "./delivery-result.js";

export interface SendContext {
  /** Aborted when the dispatcher shuts down or the action's lease ends. */
  signal: AbortSignal;
}

/** One outbound destination, named like the outbox's `channel` column ("klaviyo.event"). */
export interface Channel {
  readonly name: string;
  send(action: OutboxAction, ctx: SendContext): Promise<DeliveryResult>;
  /**
   * Client-side pacing: takes a send slot from the vendor's rate limit, or says how many ms until
   * one is free (0 = go). The dispatcher defers without counting an attempt.
   */
  reserve?(now: Date): number;
}

/** The channels app.ts wired up. The dispatcher knows no vendor: it looks a channel up by name. */
export class ChannelRegistry {
  readonly #channels = new Map<string, Channel>();

  /** Throws on a duplicate name: that is a wiring mistake at boot, not a runtime condition. */
  register(channel: Channel): this {
    if (this.#channels.has(channel.name)) throw new Error(`channel "${channel.name}" is already registered`);
    this.#channels.set(channel.name, channel);
    return this;
  }

  has(name: string): boolean {
    return this.#channels.has(name);
  }

  names(): string[] {
    return [...this.#channels.keys()].sort();
  }

  /**
   * Always returns a channel: an unknown name gets one that fails permanently with
   * CHANNEL_UNKNOWN, because retrying will not make a missing connector appear.
   */
  get(name: string): Channel {
    return this.#channels.get(name) ?? unknownChannel(name, this.names());
  }

  /** Sends through the action's channel. A channel that throws (a bug) yields a retryable result. */
  async send(action: OutboxAction, ctx: SendContext): Promise<DeliveryResult> {
    try {
      return await this.get(action.channel).send(action, ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return failure("CHANNEL_THREW", `channel "${action.channel}" threw: ${message}`, { retryable: true });
    }
  }
}

function unknownChannel(name: string, known: string[]): Channel {
  return {
    name,
    send: async () =>
      failure(
        "CHANNEL_UNKNOWN",
        `no channel named "${name}" is registered (known: ${known.join(", ") || "none"}); configure its connector`,
        { retryable: false },
      ),
  };
}
