import type { z } from "zod";
import type { Clock } from "../../core/clock.js";
import type { Channel } from "../../flows/channel.js";
import { failure } from "../../flows/delivery-result.js";
import { sendJson } from "../http/send-json.js";
import type { AccountResult } from "./account.js";
import { AddTagsInput, AssignInput, InternalNoteInput, ReplyInput, SetIntentInput, type HelpdeskWire, type WireResult } from "./wire.js";

interface Operation<S extends z.ZodType> {
  input: S;
  build(wire: HelpdeskWire, input: z.output<S>): WireResult;
}
const op = <S extends z.ZodType>(input: S, build: (wire: HelpdeskWire, input: z.output<S>) => WireResult): Operation<S> => ({ input, build });

/** The outbox channel of each helpdesk action, with its input and how a vendor's wire builds it. */
export const HELPDESK_OPERATIONS = {
  "helpdesk.add_tags": op(AddTagsInput, (w, i) => w.addTags(i)),
  "helpdesk.set_intent": op(SetIntentInput, (w, i) => w.setIntent(i)),
  "helpdesk.internal_note": op(InternalNoteInput, (w, i) => w.internalNote(i)),
  "helpdesk.assign": op(AssignInput, (w, i) => w.assign(i)),
  "helpdesk.reply": op(ReplyInput, (w, i) => w.reply(i)),
} as const;
export type HelpdeskChannelName = keyof typeof HELPDESK_OPERATIONS;

export interface HelpdeskChannelOptions {
  /** Each shop's helpdesk account, or why it cannot be used. */
  accountFor(shop: string): AccountResult | null;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/**
 * One channel per helpdesk action. The shop of the outbox row picks the account (Gorgias or
 * Zendesk); 429 + Retry-After and 5xx are retried by the dispatcher, other 4xx dead-letter with
 * the vendor's body in the error.
 */
export function createHelpdeskChannels(opts: HelpdeskChannelOptions): Channel[] {
  return (Object.keys(HELPDESK_OPERATIONS) as HelpdeskChannelName[]).map((name) => {
    const operation = HELPDESK_OPERATIONS[name] as Operation<z.ZodType>;
    return {
      name,
      async send(action, ctx) {
        const account = opts.accountFor(action.shop);
        if (account === null) return failure("CHANNEL_NOT_CONFIGURED", `${name}: shop ${action.shop} has no helpdesk configured (shops[].helpdesk)`, { retryable: false });
        if (!account.ok) return failure("CHANNEL_NOT_CONFIGURED", `${name}: ${account.message}`, { retryable: false });
        const input = operation.input.safeParse(action.payload);
        if (!input.success) return failure("PAYLOAD_INVALID", `${name} action ${action.idempotencyKey}: ${input.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ")}`, { retryable: false });
        const built = operation.build(account.account.wire, input.data);
        if (!built.ok) return failure(built.code, `${name} action ${action.idempotencyKey}: ${built.message}`, { retryable: false });
        const { method, path, body } = built.request;
        return sendJson({
          url: `${account.account.baseUrl}${path}`,
          method,
          label: `${account.account.kind} ${method} ${path}`,
          headers: { authorization: account.account.authorization, accept: "application/json" },
          body,
          timeoutMs: opts.timeoutMs,
          signal: ctx.signal,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.clock ? { clock: opts.clock } : {}),
        });
      },
    };
  });
}
