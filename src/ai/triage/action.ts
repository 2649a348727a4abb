import { z } from "zod";
import { defineAction, type ActionDefinition } from "../../flows/catalog/action.js";

export const TriageInput = z.strictObject({
  helpdesk: z.string().min(1),
  ticket_id: z.string().min(1),
  message_id: z.string().min(1),
});
export type TriageInput = z.infer<typeof TriageInput>;

export const TRIAGE_CHANNEL = "ai.triage";

/**
 * `ai.triage`: classify a customer message, draft where allowed, and record the result as a
 * `ticket.triaged` event. It goes through the outbox like any action, so an LLM outage is
 * retried with backoff and a crash never triages a message twice.
 */
export function triageActions(): ActionDefinition[] {
  return [
    defineAction({
      id: "ai.triage",
      description: "Classifies a customer's helpdesk message, drafts a grounded reply where the intent allows, and records both as a ticket.triaged event",
      category: "ticket_update",
      channel: TRIAGE_CHANNEL,
      channelKind: "internal",
      input: TriageInput,
      irreversible: false,
      approval: "never",
      customerFacing: false,
      idempotencyKey: "ai-triage:{{ shop.domain }}:{{ input.helpdesk }}:{{ input.ticket_id }}:{{ input.message_id }}",
    }),
  ];
}
