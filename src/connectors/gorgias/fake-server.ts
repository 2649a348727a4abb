import { basicAuth } from "../helpdesk/account.js";
import { decodeCursor, encodeCursor, isRecord, startJsonFake, type FakeReply, type JsonFake, type RecordedRequest } from "../helpdesk/fake-http.js";
import type { FailStep } from "../http/fake-failures.js";

export interface FakeGorgiasTicket {
  id: number;
  subject: string;
  status: "open" | "closed";
  channel: string;
  tags: string[];
  assignee_team: { id: number } | null;
  custom_fields: Record<string, { id: number; value: unknown }>;
  messages: Array<Record<string, unknown>>;
}

export interface FakeGorgias extends JsonFake {
  readonly tickets: ReadonlyMap<number, FakeGorgiasTicket>;
  /** Opens a ticket, as Gorgias does when a customer writes in (the demo's simulated inbox). */
  open(id: number, subject: string): void;
}

export interface FakeGorgiasOptions {
  email: string;
  apiKey: string;
  /** Ticket ids that exist (default 1…5). */
  ticketIds?: number[];
  failPlan?: readonly FailStep[];
}

const error = (status: number, msg: string, data?: Record<string, string[]>): FakeReply => ({ status, body: { error: { msg, ...(data ? { data } : {}) } } });
const TICKET_PATH = /^\/api\/tickets\/(\d+)(\/tags|\/messages|\/custom-fields)?$/;

/**
 * A stand-in for the Gorgias REST API: Basic auth (email:api_key), tickets listed with cursor
 * pagination (`meta.next_cursor`), tags, custom fields, messages (an internal note is a message
 * on the `internal-note` channel) and ticket updates, validated as Gorgias documents them.
 */
export async function startFakeGorgias(opts: FakeGorgiasOptions): Promise<FakeGorgias> {
  const tickets = new Map<number, FakeGorgiasTicket>();
  for (const id of opts.ticketIds ?? [1, 2, 3, 4, 5]) tickets.set(id, { id, subject: `Ticket ${id}`, status: "open", channel: "email", tags: [], assignee_team: null, custom_fields: {}, messages: [] });
  const expected = basicAuth(opts.email, opts.apiKey);
  let nextMessageId = 1000;

  const list = (req: RecordedRequest, baseUrl: string): FakeReply => {
    const limit = Math.min(100, Math.max(1, Number(req.query.get("limit") ?? 30)));
    const offset = decodeCursor(req.query.get("cursor"));
    if (offset === null) return error(400, "Invalid cursor", { cursor: ["Invalid cursor."] });
    const all = [...tickets.values()].sort((a, b) => a.id - b.id);
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? encodeCursor(offset + limit) : null;
    return { status: 200, body: { object: "list", uri: `${baseUrl}/api/tickets`, data: page.map((t) => ({ id: t.id, subject: t.subject, status: t.status, channel: t.channel, tags: t.tags.map((name) => ({ name })) })), meta: { prev_cursor: offset > 0 ? encodeCursor(Math.max(0, offset - limit)) : null, next_cursor: next } } };
  };

  const message = (t: FakeGorgiasTicket, body: unknown): FakeReply => {
    if (!isRecord(body)) return error(400, "Invalid body");
    const problems: Record<string, string[]> = {};
    if (typeof body.channel !== "string") problems.channel = ["Missing data for required field."];
    if (typeof body.from_agent !== "boolean") problems.from_agent = ["Missing data for required field."];
    if (typeof body.via !== "string") problems.via = ["Missing data for required field."];
    if (!isRecord(body.sender) || (typeof body.sender.email !== "string" && typeof body.sender.id !== "number")) problems.sender = ["Sender must have an id or an email."];
    if (typeof body.body_text !== "string" && typeof body.body_html !== "string") problems.body_text = ["A message needs body_text or body_html."];
    if (body.channel === "email" && !(isRecord(body.source) && Array.isArray(body.source.to) && body.source.to.length > 0)) problems.source = ["An email message needs source.to."];
    if (Object.keys(problems).length > 0) return error(400, "Invalid message", problems);
    const stored = { ...body, id: ++nextMessageId, ticket_id: t.id, public: body.channel !== "internal-note" };
    t.messages.push(stored);
    return { status: 201, body: stored };
  };

  const fake = await startJsonFake({
    authorize: (a) => a === expected,
    unauthorized: () => error(401, "Unauthorized"),
    errorBody: (status) => ({ error: { msg: status === 429 ? "Too many requests" : "Internal server error" } }),
    failPlan: opts.failPlan ?? [],
    handle(req, baseUrl) {
      if (req.method === "GET" && req.path === "/api/tickets") return list(req, baseUrl);
      const m = TICKET_PATH.exec(req.path);
      if (!m) return error(404, "Resource not found");
      const t = tickets.get(Number(m[1]));
      if (!t) return error(404, "Resource not found");
      const key = `${req.method} ${m[2] ?? ""}`;
      if (key === "POST /tags") {
        if (!isRecord(req.body) || !Array.isArray(req.body.names) || !req.body.names.every((n) => typeof n === "string")) return error(400, "Invalid body", { names: ["Not a valid list."] });
        for (const n of req.body.names as string[]) if (!t.tags.includes(n)) t.tags.push(n);
        return { status: 201 };
      }
      if (key === "PUT /custom-fields") {
        if (!Array.isArray(req.body) || !req.body.every((f) => isRecord(f) && typeof f.id === "number" && "value" in f)) return error(400, "Invalid body", { _schema: ["Expected a list of {id, value}."] });
        for (const f of req.body as Array<{ id: number; value: unknown }>) t.custom_fields[String(f.id)] = f;
        return { status: 200, body: { data: Object.values(t.custom_fields) } };
      }
      if (key === "POST /messages") return message(t, req.body);
      if (key === "PUT ") {
        if (!isRecord(req.body)) return error(400, "Invalid body");
        const team = req.body.assignee_team;
        if (team !== undefined && team !== null && !(isRecord(team) && typeof team.id === "number")) return error(400, "Invalid body", { assignee_team: ["Expected {id}."] });
        if (team !== undefined) t.assignee_team = team as { id: number } | null;
        return { status: 200, body: { id: t.id, status: t.status, assignee_team: t.assignee_team, tags: t.tags.map((name) => ({ name })) } };
      }
      if (key === "GET ") return { status: 200, body: { id: t.id, subject: t.subject, status: t.status, tags: t.tags.map((name) => ({ name })) } };
      return error(405, "Method not allowed");
    },
  });
  /** A ticket the helpdesk opened (a customer wrote in): later API calls find it. */
  const open = (id: number, subject: string) => {
    if (!tickets.has(id)) tickets.set(id, { id, subject, status: "open", channel: "email", tags: [], assignee_team: null, custom_fields: {}, messages: [] });
  };
  return Object.assign(fake, { tickets, open });
}
