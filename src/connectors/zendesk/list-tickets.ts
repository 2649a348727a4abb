import type { Pager } from "../helpdesk/paginate.js";
import { isRecord } from "../../core/object-path.js";

/**
 * Zendesk cursor pagination: `GET /api/v2/tickets.json?page[size]=N`, then `links.next` while
 * `meta.has_more`. An offset-paginated answer (`next_page`) is followed too.
 */
export function zendeskTicketPager(size = 100): Pager<Record<string, unknown>> {
  return {
    firstPath: `/api/v2/tickets.json?page%5Bsize%5D=${size}`,
    items: (body) => (isRecord(body) && Array.isArray(body.tickets) ? body.tickets.filter(isRecord) : null),
    next: (body) => {
      if (!isRecord(body)) return null;
      if (isRecord(body.meta) && body.meta.has_more === true && isRecord(body.links) && typeof body.links.next === "string") return body.links.next;
      return typeof body.next_page === "string" ? body.next_page : null;
    },
  };
}
