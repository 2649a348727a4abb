import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyFailStep, FailPlan, readBody, type FailStep } from "../http/fake-failures.js";

export interface FakeSlackOptions {
  port?: number; // 0 (default) = any free port
  failPlan?: readonly FailStep[];
}

export interface FakeSlackMessage {
  text: string | undefined;
  blocks: unknown[] | undefined;
  idempotencyKey: string | undefined; // from our `firebreak:<key>` context block
}

export interface FakeSlack {
  /** The webhook URL to configure, secret path included, like hooks.slack.com/services/T…/B…/… */
  url: string;
  readonly messages: readonly FakeSlackMessage[];
  /** How many times each idempotency key arrived: Slack itself would have posted every one. */
  readonly keyCounts: ReadonlyMap<string, number>;
  readonly duplicates: number;
  readonly requests: number;
  readonly failPlan: FailPlan;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MARKER = /^firebreak:(.+)$/;

/**
 * A stand-in for a Slack incoming webhook on 127.0.0.1: answers 200 "ok" as text/plain, and
 * Slack's one-word errors otherwise (400 invalid_payload / no_text, 404 no_service), plus
 * injected 429s, 5xx, hangs (before or after posting) and resets.
 */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const failPlan = new FailPlan(opts.failPlan);
  const secretPath = `/services/TFAKE0001/BFAKE0001/${randomBytes(12).toString("hex")}`;
  let state = freshState();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) text(res, 500, "internal_error");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.requests += 1;
    const step = failPlan.next();
    // Posted in full, but the "ok" never leaves: the client times out and resends.
    const silent = step === "accept-then-hang";
    if (step !== undefined && !silent) {
      applyFailStep(step, req, res, (status) => ({ contentType: "text/plain", body: status === 429 ? "rate_limited" : "internal_error" }));
      return;
    }
    if (req.method !== "POST" || req.url !== secretPath) return text(res, 404, "no_service");
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) return text(res, 400, "invalid_payload");
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return text(res, 400, "invalid_payload");
    }
    if (!isRecord(body)) return text(res, 400, "invalid_payload");
    const { text: messageText, blocks } = body;
    if (blocks !== undefined && !Array.isArray(blocks)) return text(res, 400, "invalid_blocks");
    const hasText = typeof messageText === "string" && messageText.trim() !== "";
    if (!hasText && !(Array.isArray(blocks) && blocks.length > 0)) return text(res, 400, "no_text");

    const idempotencyKey = Array.isArray(blocks) ? markerIn(blocks) : undefined;
    state.messages.push({ text: hasText ? (messageText as string) : undefined, blocks: blocks as unknown[] | undefined, idempotencyKey });
    if (idempotencyKey !== undefined) {
      const seen = state.keyCounts.get(idempotencyKey) ?? 0;
      if (seen > 0) state.duplicates += 1;
      state.keyCounts.set(idempotencyKey, seen + 1);
    }
    if (!silent) text(res, 200, "ok");
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${secretPath}`,
    get messages() {
      return state.messages;
    },
    get keyCounts() {
      return state.keyCounts;
    },
    get duplicates() {
      return state.duplicates;
    },
    get requests() {
      return state.requests;
    },
    failPlan,
    reset() {
      state = freshState();
      failPlan.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function freshState() {
  return { messages: [] as FakeSlackMessage[], keyCounts: new Map<string, number>(), duplicates: 0, requests: 0 };
}

function markerIn(blocks: unknown[]): string | undefined {
  for (const block of blocks) {
    if (!isRecord(block) || block.type !== "context" || !Array.isArray(block.elements)) continue;
    for (const el of block.elements) {
      const match = isRecord(el) && typeof el.text === "string" ? MARKER.exec(el.text) : null;
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
