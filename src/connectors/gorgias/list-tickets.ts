import type { Pager } from "../helpdesk/paginate.js";
import { isRecord } from "../../core/object-path.js";

/** Gorgias lists with a cursor: `GET /api/tickets?limit=N&cursor=…`, the next one in `meta.next_cursor`. */
export function gorgiasTicketPager(limit = 100): Pager<Record<string, unknown>> {
  const path = (cursor?: string) => `/api/tickets?limit=${limit}&order_by=created_datetime%3Aasc${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
  return {
    firstPath: path(),
    items: (body) => (isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : null),
    next: (body, baseUrl) => {
      const cursor = isRecord(body) && isRecord(body.meta) ? body.meta.next_cursor : null;
      return typeof cursor === "string" && cursor !== "" ? `${baseUrl}${path(cursor)}` : null;
    },
  };
}
