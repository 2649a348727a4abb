import { systemClock, type Clock } from "../../core/clock.js";
import { failure, parseRetryAfter, type DeliveryFailure } from "../../flows/delivery-result.js";
import { classifyResponse } from "../http/send-json.js";
import type { HelpdeskAccount } from "./account.js";

export interface PageOptions {
  timeoutMs: number;
  /** A bound on the walk: a helpdesk with years of tickets is not read in one go. */
  maxPages: number;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/** How one vendor pages: the items of a page and the URL of the next one (null at the end). */
export interface Pager<T> {
  firstPath: string;
  items(body: unknown): T[] | null;
  next(body: unknown, baseUrl: string): string | null;
}

export type PagesResult<T> = { ok: true; items: T[]; pages: number; complete: boolean } | DeliveryFailure;

/**
 * Walks a helpdesk list endpoint page by page with the account's credentials. A 429 stops the
 * walk and hands back its Retry-After (the caller decides when to resume); nothing is retried here.
 */
export async function collectPages<T>(account: HelpdeskAccount, pager: Pager<T>, opts: PageOptions): Promise<PagesResult<T>> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const clock = opts.clock ?? systemClock;
  const items: T[] = [];
  let url: string | null = `${account.baseUrl}${pager.firstPath}`;
  let pages = 0;
  while (url !== null && pages < opts.maxPages) {
    const label = `${account.kind} GET ${new URL(url).pathname}`;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { headers: { authorization: account.authorization, accept: "application/json" }, signal: AbortSignal.timeout(opts.timeoutMs), redirect: "manual" });
      text = await res.text();
    } catch (err) {
      return failure("NETWORK", `${label}: ${err instanceof Error ? err.message : String(err)}`, { retryable: true });
    }
    const classified = classifyResponse(label, res.status, text, parseRetryAfter(res.headers.get("retry-after"), clock.now()));
    if (!classified.ok) return classified;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return failure("BAD_RESPONSE", `${label}: the response is not JSON`, { retryable: false });
    }
    const page = pager.items(body);
    if (page === null) return failure("BAD_RESPONSE", `${label}: the response has no list of tickets`, { retryable: false });
    items.push(...page);
    pages += 1;
    url = pager.next(body, account.baseUrl);
  }
  return { ok: true, items, pages, complete: url === null };
}
