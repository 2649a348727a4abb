import { RetryPolicy } from "../../flows/backoff.js";
import { defineAction, type ActionDefinition } from "../../flows/catalog/action.js";
import { AddTagsInput, AssignInput, InternalNoteInput, ReplyInput, SetIntentInput } from "./wire.js";

/**
 * Helpdesk rate limits reset within a minute or so (Gorgias ~40 calls / 20 s, Zendesk per
 * minute): retry sooner than the default and give up after an hour of trying, when a person
 * reading the ticket has long since done it by hand.
 */
export const HELPDESK_RETRY: RetryPolicy = RetryPolicy.parse({ maxAttempts: 6, baseMs: 2_000, maxMs: 10 * 60_000 });

// One write per ticket, per flow run and step: a replayed or resumed run never writes twice.
const key = (op: string) => `${op}:{{ input.ticket_id }}:{{ run.flow_id }}:{{ run.trigger_key }}:{{ step.id }}`;

/**
 * The five helpdesk actions. The four that only change the ticket inside the helpdesk run
 * without approval; a public reply reaches the customer and cannot be unsent, so a human always
 * approves it first (the review queue).
 */
export function helpdeskActions(): ActionDefinition[] {
  const internal = { category: "ticket_update", irreversible: false, approval: "never", customerFacing: false, channelKind: "internal", retry: HELPDESK_RETRY } as const;
  return [
    defineAction({ ...internal, id: "helpdesk.add_tags", description: "Adds tags to the helpdesk ticket (Gorgias or Zendesk)", channel: "helpdesk.add_tags", input: AddTagsInput, idempotencyKey: key("helpdesk.add_tags") }),
    defineAction({ ...internal, id: "helpdesk.set_intent", description: "Sets the ticket's intent field (or an intent_* tag where the helpdesk has no field)", channel: "helpdesk.set_intent", input: SetIntentInput, idempotencyKey: key("helpdesk.set_intent") }),
    defineAction({ ...internal, id: "helpdesk.internal_note", description: "Posts an internal note on the ticket, visible to agents only", channel: "helpdesk.internal_note", input: InternalNoteInput, idempotencyKey: key("helpdesk.internal_note") }),
    defineAction({ ...internal, id: "helpdesk.assign", description: "Assigns the ticket to a team (Gorgias) or group (Zendesk)", channel: "helpdesk.assign", input: AssignInput, idempotencyKey: key("helpdesk.assign") }),
    defineAction({
      id: "helpdesk.reply",
      description: "Posts a public reply to the customer on the ticket; always approved by a human first",
      category: "ticket_reply",
      channel: "helpdesk.reply",
      input: ReplyInput,
      retry: HELPDESK_RETRY,
      idempotencyKey: key("helpdesk.reply"),
      irreversible: true,
      approval: "policy", // a person, unless policy auto_send_replies allows this intent
      customerFacing: true,
      channelKind: "email",
    }),
  ];
}
