import { basicAuth } from "../helpdesk/account.js";
import { decodeCursor, encodeCursor, isRecord, startJsonFake, type FakeReply, type JsonFake, type RecordedRequest } from "../helpdesk/fake-http.js";
import type { FailStep } from "../http/fake-failures.js";

export interface FakeZendeskTicket extends Record<string, unknown> {
  id: number;
  tags: string[];
  group_id: number | null;
  custom_fields: Array<{ id: number; value: unknown }>;
  comments: Array<{ id: number; body: string; public: boolean }>;
}

export interface FakeZendesk extends JsonFake {
  readonly tickets: ReadonlyMap<number, FakeZendeskTicket>;
}

export interface FakeZendeskOptions {
  email: string;
  apiToken: string;
  /** Accepted as `Authorization: Bearer …` besides email/token Basic auth. */
  oauthToken?: string;
  /** Ticket objects as the API returns them (e.g. a recorded GET /tickets page); default ids 1…5. */
  tickets?: ReadonlyArray<Record<string, unknown>>;
  failPlan?: readonly FailStep[];
}

const error = (status: number, err: string, description: string, details?: Record<string, unknown>): FakeReply => ({ status, body: { error: err, description, ...(details ? { details } : {}) } });
const TICKET_PATH = /^\/api\/v2\/tickets\/(\d+)(\/tags)?(?:\.json)?$/;
const LIST_PATH = /^\/api\/v2\/tickets(?:\.json)?$/;

/**
 * A stand-in for the Zendesk Support API: Basic `{email}/token:{api_token}` or a Bearer token,
 * tickets listed with cursor pagination (`page[size]`, `page[after]` → `meta.has_more`,
 * `links.next`) or offset pagination (`page`, `per_page` → `next_page`), `PUT /tickets/{id}`
 * (comment, group_id, custom_fields) and `PUT /tickets/{id}/tags` (adds).
 */
export async function startFakeZendesk(opts: FakeZendeskOptions): Promise<FakeZendesk> {
  const tickets = new Map<number, FakeZendeskTicket>();
  const seed: ReadonlyArray<Record<string, unknown>> = opts.tickets ?? [1, 2, 3, 4, 5].map((id) => ({ id, subject: `Ticket ${id}`, status: "open" }));
  for (const t of seed) {
    const id = Number(t.id);
    tickets.set(id, { ...t, id, tags: Array.isArray(t.tags) ? (t.tags as string[]) : [], group_id: typeof t.group_id === "number" ? t.group_id : null, custom_fields: [], comments: [] });
  }
  const accepted = new Set([basicAuth(`${opts.email}/token`, opts.apiToken), ...(opts.oauthToken ? [`Bearer ${opts.oauthToken}`] : [])]);
  let nextCommentId = 5000;
  const view = ({ comments: _c, ...t }: FakeZendeskTicket) => t;

  const list = (req: RecordedRequest, baseUrl: string): FakeReply => {
    const all = [...tickets.values()].sort((a, b) => a.id - b.id);
    const size = req.query.get("page[size]");
    if (size !== null) {
      const n = Math.min(100, Math.max(1, Number(size)));
      const offset = decodeCursor(req.query.get("page[after]"));
      if (offset === null) return error(400, "InvalidPaginationParameter", "page[after] is not a valid cursor");
      const page = all.slice(offset, offset + n);
      const hasMore = offset + n < all.length;
      const after = hasMore ? encodeCursor(offset + n) : null;
      return { status: 200, body: { tickets: page.map(view), meta: { has_more: hasMore, after_cursor: after, before_cursor: offset > 0 ? encodeCursor(offset) : null }, links: { next: after ? `${baseUrl}/api/v2/tickets.json?page%5Bafter%5D=${after}&page%5Bsize%5D=${n}` : null, prev: null } } };
    }
    const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 100)));
    const pageNo = Math.max(1, Number(req.query.get("page") ?? 1));
    const page = all.slice((pageNo - 1) * perPage, pageNo * perPage);
    const next = pageNo * perPage < all.length ? `${baseUrl}/api/v2/tickets.json?page=${pageNo + 1}&per_page=${perPage}` : null;
    return { status: 200, body: { tickets: page.map(view), next_page: next, previous_page: pageNo > 1 ? `${baseUrl}/api/v2/tickets.json?page=${pageNo - 1}&per_page=${perPage}` : null, count: all.length } };
  };

  const update = (t: FakeZendeskTicket, body: unknown): FakeReply => {
    const ticket = isRecord(body) ? body.ticket : undefined;
    if (!isRecord(ticket)) return error(400, "InvalidEndpoint", "Expected a ticket object");
    const details: Record<string, unknown> = {};
    const comment = ticket.comment;
    if (comment !== undefined && !(isRecord(comment) && typeof comment.body === "string" && comment.body.trim() !== "")) details.base = [{ description: "Comment: body cannot be blank", error: "BlankValue" }];
    if (ticket.group_id !== undefined && typeof ticket.group_id !== "number") details.group_id = [{ description: "Group: is invalid", error: "InvalidValue" }];
    if (ticket.custom_fields !== undefined && !(Array.isArray(ticket.custom_fields) && ticket.custom_fields.every((f) => isRecord(f) && typeof f.id === "number"))) details.custom_fields = [{ description: "Custom fields: is invalid", error: "InvalidValue" }];
    if (Object.keys(details).length > 0) return error(422, "RecordInvalid", "Record validation errors", details);
    if (isRecord(comment)) t.comments.push({ id: ++nextCommentId, body: comment.body as string, public: comment.public !== false });
    if (typeof ticket.group_id === "number") t.group_id = ticket.group_id;
    for (const f of (ticket.custom_fields as Array<{ id: number; value: unknown }> | undefined) ?? []) {
      t.custom_fields = [...t.custom_fields.filter((x) => x.id !== f.id), { id: f.id, value: f.value }];
    }
    return { status: 200, body: { ticket: view(t), audit: { ticket_id: t.id, events: isRecord(comment) ? [{ type: "Comment", id: nextCommentId, public: comment.public !== false }] : [] } } };
  };

  const fake = await startJsonFake({
    authorize: (a) => a !== undefined && accepted.has(a),
    unauthorized: () => ({ status: 401, body: { error: "Couldn't authenticate you" } }),
    errorBody: (status) => (status === 429 ? { error: "TooManyRequests", description: "Rate limit exceeded" } : { error: "InternalError", description: "Something went wrong" }),
    failPlan: opts.failPlan ?? [],
    handle(req, baseUrl) {
      if (req.method === "GET" && LIST_PATH.test(req.path)) return list(req, baseUrl);
      const m = TICKET_PATH.exec(req.path);
      if (!m) return error(404, "InvalidEndpoint", "Not found");
      const t = tickets.get(Number(m[1]));
      if (!t) return error(404, "RecordNotFound", "Not found");
      if (req.method === "PUT" && m[2] === "/tags") {
        const tags = isRecord(req.body) ? req.body.tags : undefined;
        if (!Array.isArray(tags) || !tags.every((x) => typeof x === "string")) return error(400, "InvalidValue", "tags must be a list of strings");
        for (const tag of tags as string[]) if (!t.tags.includes(tag)) t.tags.push(tag);
        return { status: 200, body: { tags: t.tags } };
      }
      if (req.method === "PUT" && !m[2]) return update(t, req.body);
      if (req.method === "GET" && !m[2]) return { status: 200, body: { ticket: view(t) } };
      return error(405, "InvalidEndpoint", "Method not allowed");
    },
  });
  return Object.assign(fake, { tickets });
}
