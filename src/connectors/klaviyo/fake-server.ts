import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../../core/clock.js";
import { applyFailStep, FailPlan, readBody, type ErrorBody, type FailStep } from "../http/fake-failures.js";
import type { BodyValidator, KlaviyoValidators } from "./schema-validator.js";
import { getIn, isRecord } from "../../core/object-path.js";

export interface FakeKlaviyoOptions {
  port?: number; // 0 (default) = any free port
  apiKey: string;
  failPlan?: readonly FailStep[];
  /** Request-body validators; build them with klaviyoSchemaValidators() (needs ajv). */
  validators?: Partial<KlaviyoValidators>;
  clock?: Clock;
}

export interface FakeKlaviyoProfile {
  id: string;
  attributes: Record<string, unknown>; // identifiers and other attributes, last write wins
  properties: Record<string, unknown>; // custom properties, merged, `unset` applied
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number; // what the fake answered (0: hung or reset)
  revision: string | undefined;
}

export interface FakeKlaviyo {
  url: string;
  /** Every request, in order — auth headers are never recorded. */
  readonly requests: readonly RecordedRequest[];
  /** Every valid event body accepted with 202, duplicates included. */
  readonly received: readonly unknown[];
  /** The events Klaviyo would record: the first per (metric, profile, unique_id). */
  readonly events: readonly unknown[];
  readonly uniqueIds: ReadonlySet<string>;
  readonly duplicates: number;
  readonly profiles: ReadonlyMap<string, FakeKlaviyoProfile>; // by identifier key ("email:a@b.c")
  readonly failPlan: FailPlan;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024; // Klaviyo's event payload limit
const RATE_LIMIT_STEADY = { "/api/events": 3500, "/api/profile-import": 750 } as const; // per minute
const REVISION = /^\d{4}-\d{2}-\d{2}(\.[A-Za-z0-9_-]+)?$/;
type Route = keyof typeof RATE_LIMIT_STEADY;

/**
 * A stand-in for a.klaviyo.com on 127.0.0.1 that speaks its wire format: private-key auth,
 * the required `revision` header, JSON:API bodies and errors, 202 for events with Klaviyo's
 * unique_id dedupe, 200/201 upserts for profiles, RateLimit-* headers, and injected failures.
 */
export async function startFakeKlaviyo(opts: FakeKlaviyoOptions): Promise<FakeKlaviyo> {
  const clock = opts.clock ?? systemClock;
  const failPlan = new FailPlan(opts.failPlan);
  const state = freshState();
  const windowCounts = new Map<string, number>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, jsonApiError(500, "error", "A server error occurred.", String(err)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const record: RecordedRequest = { method: req.method ?? "", path, status: 0, revision: header(req, "revision") };
    state.requests.push(record);
    const step = failPlan.next();
    // The request is handled in full, but its answer never leaves: the client times out and resends.
    const silent = step === "accept-then-hang";
    const reply = (status: number, body: ErrorBody | undefined, extra: Record<string, string> = {}): void => {
      record.status = status;
      if (!silent) send(res, status, body, extra);
    };

    if (step !== undefined && !silent) {
      if (step !== "hang" && step !== "reset") record.status = typeof step === "number" ? step : step.status;
      applyFailStep(step, req, res, (status) => klaviyoErrorFor(status));
      return;
    }
    if (req.method !== "POST" || !isRoute(path)) return reply(404, jsonApiError(404, "not_found", "Not found.", `No route for ${req.method} ${path}.`));
    if (header(req, "authorization") !== `Klaviyo-API-Key ${opts.apiKey}`) {
      return reply(401, jsonApiError(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid private key."));
    }
    const revision = header(req, "revision");
    if (revision === undefined || !REVISION.test(revision)) {
      return reply(400, jsonApiError(400, "invalid", "Invalid input.", "A valid revision header (YYYY-MM-DD[.suffix]) is required.", { parameter: "revision" }));
    }
    const contentType = (header(req, "content-type") ?? "").split(";")[0]?.trim();
    if (contentType !== "application/vnd.api+json" && contentType !== "application/json") {
      return reply(415, jsonApiError(415, "unsupported_media_type", "Unsupported media type.", `Unsupported media type "${contentType}" in request.`));
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) return reply(413, jsonApiError(413, "request_too_large", "Request too large.", "The request body exceeds 5 MB."));
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return reply(400, jsonApiError(400, "parse_error", "Malformed JSON.", "The request body is not valid JSON.", { pointer: "/" }));
    }
    const validate: BodyValidator | undefined = path === "/api/events" ? opts.validators?.events : opts.validators?.profileImport;
    const problems = validate ? validate(body) : [];
    if (problems.length > 0) {
      const pointer = problems[0]?.split(" ")[0] ?? "/";
      return reply(400, jsonApiError(400, "invalid", "Invalid input.", problems.join("; "), { pointer }));
    }
    const rate = rateLimitHeaders(path);
    if (path === "/api/events") {
      acceptEvent(body);
      return reply(202, undefined, rate);
    }
    const upserted = upsertProfile(body);
    if (typeof upserted === "string") return reply(400, jsonApiError(400, "invalid", "Invalid input.", upserted, { pointer: "/data/attributes" }));
    return reply(upserted.created ? 201 : 200, { contentType: "application/vnd.api+json", body: JSON.stringify(profileResponse(upserted.profile)) }, rate);
  }

  function acceptEvent(body: unknown): void {
    state.received.push(body);
    const attrs = getIn(body, ["data", "attributes"]);
    const metric = String(getIn(attrs, ["metric", "data", "attributes", "name"]) ?? "");
    const who = identifierKey(getIn(attrs, ["profile", "data", "attributes"])) ?? `id:${String(getIn(attrs, ["profile", "data", "id"]))}`;
    const uniqueId = getIn(attrs, ["unique_id"]);
    // Klaviyo: without unique_id, the event time to the second is the dedupe key.
    const unique = typeof uniqueId === "string" ? uniqueId : `time:${String(getIn(attrs, ["time"]) ?? clock.now().toISOString()).slice(0, 19)}`;
    const key = `${metric}\u0000${who}\u0000${unique}`;
    if (state.dedupeKeys.has(key)) {
      state.duplicates += 1;
      return;
    }
    state.dedupeKeys.add(key);
    if (typeof uniqueId === "string") state.uniqueIds.add(uniqueId);
    state.events.push(body);
  }

  function upsertProfile(body: unknown): { profile: FakeKlaviyoProfile; created: boolean } | string {
    const attrs = getIn(body, ["data", "attributes"]);
    const key = identifierKey(attrs);
    if (key === undefined || !isRecord(attrs)) return "A profile identifier (email, phone_number or external_id) is required.";
    const existing = state.profiles.get(key);
    const profile: FakeKlaviyoProfile = existing ?? { id: randomUUID().replace(/-/g, "").slice(0, 26).toUpperCase(), attributes: {}, properties: {} };
    const { properties, ...rest } = attrs;
    Object.assign(profile.attributes, rest);
    if (isRecord(properties)) Object.assign(profile.properties, properties);
    const unset = getIn(body, ["data", "meta", "patch_properties", "unset"]);
    for (const name of typeof unset === "string" ? [unset] : Array.isArray(unset) ? unset : []) delete profile.properties[String(name)];
    state.profiles.set(key, profile);
    return { profile, created: existing === undefined };
  }

  function rateLimitHeaders(path: Route): Record<string, string> {
    const nowMs = clock.now().getTime();
    const window = `${path}:${Math.floor(nowMs / 60_000)}`;
    const used = (windowCounts.get(window) ?? 0) + 1;
    windowCounts.set(window, used);
    const limit = RATE_LIMIT_STEADY[path];
    return {
      "ratelimit-limit": String(limit),
      "ratelimit-remaining": String(Math.max(0, limit - used)),
      "ratelimit-reset": String(60 - Math.floor((nowMs % 60_000) / 1000)),
    };
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get received() {
      return state.received;
    },
    get events() {
      return state.events;
    },
    get uniqueIds() {
      return state.uniqueIds;
    },
    get duplicates() {
      return state.duplicates;
    },
    get profiles() {
      return state.profiles;
    },
    failPlan,
    reset() {
      Object.assign(state, freshState());
      failPlan.clear();
      windowCounts.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // ends hanging requests too
      }),
  };
}

function freshState() {
  return {
    requests: [] as RecordedRequest[],
    received: [] as unknown[],
    events: [] as unknown[],
    dedupeKeys: new Set<string>(),
    uniqueIds: new Set<string>(),
    duplicates: 0,
    profiles: new Map<string, FakeKlaviyoProfile>(),
  };
}

function isRoute(path: string): path is Route {
  return path in RATE_LIMIT_STEADY;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: ErrorBody | undefined, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extra };
  if (body) headers["content-type"] = body.contentType;
  res.writeHead(status, headers).end(body?.body ?? "");
}

/** Klaviyo's JSON:API error document. */
export function jsonApiError(
  status: number,
  code: string,
  title: string,
  detail: string,
  source: { pointer?: string; parameter?: string } = {},
): ErrorBody {
  return {
    contentType: "application/vnd.api+json",
    body: JSON.stringify({ errors: [{ id: randomUUID(), status, code, title, detail, source }] }),
  };
}

function klaviyoErrorFor(status: number): ErrorBody {
  if (status === 429) return jsonApiError(429, "throttled", "Request was throttled.", "Request was throttled. Expected available in 1 second.");
  if (status >= 500) return jsonApiError(status, "error", "A server error occurred.", "A server error occurred.");
  return jsonApiError(status, "error", "Request failed.", `HTTP ${status}`);
}

function profileResponse(p: FakeKlaviyoProfile): unknown {
  const self = `https://a.klaviyo.com/api/profiles/${p.id}/`;
  return { data: { type: "profile", id: p.id, attributes: { ...p.attributes, properties: p.properties }, links: { self } }, links: { self } };
}

function identifierKey(attrs: unknown): string | undefined {
  if (!isRecord(attrs)) return undefined;
  for (const field of ["email", "phone_number", "external_id"] as const) {
    const v = attrs[field];
    if (typeof v === "string" && v !== "") return `${field}:${field === "email" ? v.toLowerCase() : v}`;
  }
  return undefined;
}


