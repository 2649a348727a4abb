import { intentTag, wire, type HelpdeskWire } from "../helpdesk/wire.js";

/**
 * Zendesk Support REST requests (https://{subdomain}.zendesk.com/api/v2/…): tags added with
 * `PUT …/tags` (POST would replace them all), a note or reply as the ticket's `comment`
 * (public false / true), a group assignment and the intent custom field as ticket updates.
 */
export function zendeskWire(opts: { intentFieldId?: string | undefined }): HelpdeskWire {
  const update = (id: string, ticket: Record<string, unknown>) => wire("PUT", `/api/v2/tickets/${id}`, { ticket });
  return {
    addTags: (i) => wire("PUT", `/api/v2/tickets/${i.ticket_id}/tags`, { tags: i.tags }),
    setIntent: (i) =>
      opts.intentFieldId
        ? update(i.ticket_id, { custom_fields: [{ id: Number(opts.intentFieldId), value: i.intent }] })
        : wire("PUT", `/api/v2/tickets/${i.ticket_id}/tags`, { tags: [intentTag(i.intent)] }),
    internalNote: (i) => update(i.ticket_id, { comment: { body: i.body, public: false } }),
    assign: (i) => update(i.ticket_id, { group_id: Number(i.team_id) }),
    reply: (i) => update(i.ticket_id, { comment: { body: i.body, public: true } }),
  };
}
