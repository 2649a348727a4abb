import { defineFlow } from "../../flows/definition/define.js";
import type { FlowDefinition } from "../../flows/definition/schema.js";

/**
 * Support triage as flows: every customer message is triaged once (`ai.triage` records a
 * `ticket.triaged` event); the triage then notes and tags the ticket, routes it to a lane, and puts
 * an offered draft in the review queue. An operator's flow with the same id replaces any of them.
 */

export const ticketTriageFlow: FlowDefinition = defineFlow({
  id: "ticket-triage",
  version: 1,
  description: "Each new customer message on a helpdesk ticket is classified and, where the intent allows, answered with a grounded draft.",
  trigger: { events: ["ticket.message_added"], filter: "event.message.from_agent == false && event.message.body != ''" },
  steps: [{ id: "triage", action: "ai.triage", input: { helpdesk: "{{ event.ticket.helpdesk }}", ticket_id: "{{ event.ticket.ticket_id }}", message_id: "{{ event.message.id }}" } }],
});

export const ticketContextFlow: FlowDefinition = defineFlow({
  id: "ticket-context",
  version: 1,
  description: "A triaged ticket gets an internal note with the live order picture, its intent tags and the intent field.",
  trigger: { events: ["ticket.triaged"] },
  steps: [
    { id: "note", action: "helpdesk.internal_note", input: { ticket_id: "{{ triage.ticket_id }}", body: "{{ triage.note }}" } },
    { id: "tags", action: "helpdesk.add_tags", input: { ticket_id: "{{ triage.ticket_id }}", tags: "{{ triage.tags }}" } },
    { id: "intent", action: "helpdesk.set_intent", input: { ticket_id: "{{ triage.ticket_id }}", intent: "{{ triage.classification.intent }}", confidence: "{{ triage.classification.confidence }}" } },
  ],
});

const VIP = "customer != null && (customer.orders_count >= shop.settings.escalation.customer_orders || (order != null && order.total_price >= shop.settings.escalation.order_value))";

export const ticketRoutingFlow: FlowDefinition = defineFlow({
  id: "ticket-routing",
  version: 1,
  description: "A ticket a person must take (handover signal, low confidence, a human-only intent) goes to the human lane and the review queue; VIP customers to the VIP lane; the rest to the normal queue.",
  trigger: { events: ["ticket.triaged"] },
  steps: [
    {
      id: "human-lane",
      branch: {
        if: "size(triage.human_reasons) > 0",
        then: [
          {
            id: "escalate",
            action: "review.escalation",
            input: { reason: "a person must take this ticket", why: "{{ triage.human_reasons }}", helpdesk: "{{ triage.helpdesk }}", ticket_id: "{{ triage.ticket_id }}", intent: "{{ triage.classification.intent }}" },
          },
          { id: "human-team", branch: { if: "shop.settings.triage.teams.human != ''", then: [{ id: "assign-human", action: "helpdesk.assign", input: { ticket_id: "{{ triage.ticket_id }}", team_id: "{{ shop.settings.triage.teams.human }}" } }] } },
          { id: "done-human", stop: { reason: "routed to the human lane" } },
        ],
      },
    },
    {
      id: "vip-lane",
      branch: {
        if: VIP,
        then: [
          { id: "vip-team", branch: { if: "shop.settings.triage.teams.vip != ''", then: [{ id: "assign-vip", action: "helpdesk.assign", input: { ticket_id: "{{ triage.ticket_id }}", team_id: "{{ shop.settings.triage.teams.vip }}" } }] } },
          { id: "done-vip", stop: { reason: "routed to the VIP lane" } },
        ],
      },
    },
    { id: "normal-team", branch: { if: "shop.settings.triage.teams.normal != ''", then: [{ id: "assign-normal", action: "helpdesk.assign", input: { ticket_id: "{{ triage.ticket_id }}", team_id: "{{ shop.settings.triage.teams.normal }}" } }] } },
  ],
});

export const ticketDraftFlow: FlowDefinition = defineFlow({
  id: "ticket-draft",
  version: 1,
  description: "An offered draft reply goes to the review queue; a person approves, edits or rejects it before it reaches the customer.",
  trigger: { events: ["ticket.triaged"], filter: "triage.draft != null && triage.draft.offered" },
  steps: [
    {
      id: "by-email",
      branch: {
        if: "ticket != null && ticket.customer_email != null",
        then: [{ id: "reply-email", action: "helpdesk.reply", input: { ticket_id: "{{ triage.ticket_id }}", body: "{{ triage.draft.text }}", customer_email: "{{ ticket.customer_email }}", channel: "{{ ticket.channel != null ? ticket.channel : 'email' }}" } }],
        else: [{ id: "reply", action: "helpdesk.reply", input: { ticket_id: "{{ triage.ticket_id }}", body: "{{ triage.draft.text }}" } }],
      },
    },
  ],
});

export const triageFlows: readonly FlowDefinition[] = [ticketTriageFlow, ticketContextFlow, ticketRoutingFlow, ticketDraftFlow];
