import type { Clock } from "../../core/clock.js";
import type { Channel } from "../../flows/channel.js";
import { failure, type DeliveryResult } from "../../flows/delivery-result.js";
import { sendJson } from "../http/send-json.js";
import { SlackMessage } from "./alert-body.js";

export interface SlackOptions {
  webhookUrl: string; // a secret: it is never put in an error or a log line
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/** Slack allows at most 50 blocks per message; one is ours. */
const MAX_BLOCKS = 50;
const SLACK_ERROR_WORD = /^[a-z_]+$/;

export function idempotencyMarker(key: string): string {
  return `firebreak:${key}`;
}

/**
 * Slack has no dedupe, so the idempotency key rides along in a context block: a resend is at
 * least recognisable in the channel, and the fake counts duplicates by it.
 */
export function withIdempotencyMarker(message: SlackMessage, key: string): { text: string; blocks: unknown[] } {
  // Without blocks Slack renders `text`; once we add a block it renders only blocks, so the text
  // must become a section of its own.
  const blocks = message.blocks ?? [{ type: "section", text: { type: "mrkdwn", text: message.text.slice(0, 3000) } }];
  const marker = { type: "context", elements: [{ type: "mrkdwn", text: idempotencyMarker(key) }] };
  return { text: message.text, blocks: [...blocks.slice(0, MAX_BLOCKS - 1), marker] };
}

export function createSlackChannel(opts: SlackOptions): Channel {
  return {
    name: "slack.alert",
    async send(action, ctx): Promise<DeliveryResult> {
      const parsed = SlackMessage.safeParse(action.payload);
      if (!parsed.success) {
        const what = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`).join("; ");
        return failure("PAYLOAD_INVALID", `slack.alert action ${action.idempotencyKey} has an invalid payload: ${what}`, { retryable: false });
      }
      return sendJson({
        url: opts.webhookUrl,
        label: "slack incoming webhook",
        headers: {},
        body: withIdempotencyMarker(parsed.data, action.idempotencyKey),
        timeoutMs: opts.timeoutMs,
        signal: ctx.signal,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        ...(opts.clock ? { clock: opts.clock } : {}),
        permanentErrorCode: slackErrorCode,
      });
    },
  };
}

/** Slack answers 4xx with one word ("channel_is_archived"); it makes a better code than "GONE". */
export function slackErrorCode(_status: number, body: string): string | undefined {
  const word = body.trim();
  return SLACK_ERROR_WORD.test(word) ? `SLACK_${word.toUpperCase()}` : undefined;
}
