import { intentTag, wire, type HelpdeskWire } from "../helpdesk/wire.js";

export interface GorgiasWireOptions {
  /** The API user: the sender of notes and replies. */
  agentEmail: string;
  /** The ticket custom field holding the intent, if the account has one. */
  intentFieldId?: string | undefined;
}

/**
 * Gorgias REST requests (https://{domain}.gorgias.com/api/…): tags by name, notes and replies as
 * messages (an internal note is a message on the `internal-note` channel), a team assignment as a
 * ticket update, the intent as a ticket custom field or, without one, a tag.
 */
export function gorgiasWire(opts: GorgiasWireOptions): HelpdeskWire {
  const sender = { email: opts.agentEmail };
  return {
    addTags: (i) => wire("POST", `/api/tickets/${i.ticket_id}/tags`, { names: i.tags }),
    setIntent: (i) =>
      opts.intentFieldId
        ? wire("PUT", `/api/tickets/${i.ticket_id}/custom-fields`, [{ id: Number(opts.intentFieldId), value: i.intent }])
        : wire("POST", `/api/tickets/${i.ticket_id}/tags`, { names: [intentTag(i.intent)] }),
    internalNote: (i) => wire("POST", `/api/tickets/${i.ticket_id}/messages`, { channel: "internal-note", via: "api", from_agent: true, sender, body_text: i.body }),
    assign: (i) => wire("PUT", `/api/tickets/${i.ticket_id}`, { assignee_team: { id: Number(i.team_id) } }),
    reply: (i) => {
      const channel = i.channel ?? "email";
      if (channel === "email" && !i.customer_email) return { ok: false, code: "PAYLOAD_INVALID", message: "a Gorgias email reply needs customer_email (the receiver)" };
      const receiver = i.customer_email ? { receiver: { email: i.customer_email }, source: { type: channel, from: { address: opts.agentEmail }, to: [{ address: i.customer_email }] } } : {};
      return wire("POST", `/api/tickets/${i.ticket_id}/messages`, { channel, via: "api", from_agent: true, sender, body_text: i.body, ...receiver });
    },
  };
}
