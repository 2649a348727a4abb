import { createHmac, randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.js";
import { DAY } from "../core/clock.js";
import { seededRandom } from "../core/random.js";
import { simOrder, type SimOrder, type Step } from "./scenario.js";
import { aftershipWebhookBody, easypostEventBody, gorgiasMessageBody, shopifyFulfillmentBody, shopifyOrderBody } from "./payloads.js";
import { simTicket, type SimTicket } from "./tickets.js";

export interface SimulatorOptions {
  baseUrl: string;
  shop: string;
  shopifySecret: string;
  easypostSecret: string;
  aftershipSecret: string;
  clock: Clock;
  seed: number;
  /** Orders placed this long before "now" are replayed at once, so the page has history. */
  historyDays: number;
  ordersPerDay: number;
  /** The shop's Gorgias integration token: with it, customers also write to the helpdesk. */
  gorgiasToken?: string;
  /** Called before a ticket's first message is sent (the helpdesk opens the ticket first). */
  onTicket?(ticket: SimTicket): void;
  fetch?: typeof globalThis.fetch;
}

interface Pending {
  at: number;
  order: SimOrder & { lineItems: Array<{ sku: string; title: string; price: string }> };
  step: Step | ({ kind: "ticket" } & SimTicket);
  attempts: number;
}

export interface SimulatorStats {
  /** Orders planned so far (some placed in the next simulated hour). */
  orders: number;
  /** Orders whose orders/create webhook was acknowledged. */
  placed: number;
  sent: number;
  acknowledged: number;
  retried: number;
  /** Why deliveries were not acknowledged: HTTP status or network error code. */
  failures: Record<string, number>;
  fates: Record<string, number>;
}

/**
 * A store, its fulfilment team and its carriers, compressed in time: it sends signed webhooks to
 * Firebreak through the same public endpoints a real store uses, and retries what is not
 * acknowledged, as Shopify does.
 */
export class StoreSimulator {
  readonly #o: SimulatorOptions;
  readonly #random: () => number;
  readonly #ticketRandom: () => number;
  readonly #queue: Pending[] = [];
  #nextOrderAt: number;
  #index = 0;
  #timer: NodeJS.Timeout | null = null;
  #busy = false;
  readonly stats: SimulatorStats = { orders: 0, placed: 0, sent: 0, acknowledged: 0, retried: 0, failures: {}, fates: {} };

  constructor(o: SimulatorOptions) {
    this.#o = o;
    this.#random = seededRandom(o.seed);
    this.#ticketRandom = seededRandom(o.seed + 1);
    this.#nextOrderAt = o.clock.now().getTime() - o.historyDays * DAY;
  }

  start(intervalMs = 200): void {
    const loop = () => {
      this.#timer = setTimeout(() => void this.tick().finally(() => this.#timer !== null && loop()), intervalMs);
    };
    loop();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Sends every step that is due by the simulated clock. */
  async tick(): Promise<number> {
    if (this.#busy) return 0;
    this.#busy = true;
    try {
      const now = this.#o.clock.now().getTime();
      this.#plan(now + DAY / 24);
      const due: Pending[] = [];
      while (this.#queue.length && this.#queue[0]!.at <= now) due.push(this.#queue.shift()!);
      // Scans of one parcel must leave in order (carriers send them in order; reordering is Firebreak's job in tests).
      for (let i = 0; i < due.length; i += 16) await Promise.all(due.slice(i, i + 16).map((p) => this.#send(p)));
      return due.length;
    } finally {
      this.#busy = false;
    }
  }

  #plan(until: number): void {
    while (this.#nextOrderAt <= until) {
      const order = simOrder(this.#index++, this.#nextOrderAt, this.#random);
      this.stats.orders++;
      this.stats.fates[order.fate] = (this.stats.fates[order.fate] ?? 0) + 1;
      for (const step of order.steps) this.#push({ at: step.at, order, step, attempts: 0 });
      const ticket = this.#o.gorgiasToken ? simTicket(order, this.#ticketRandom) : null;
      if (ticket) this.#push({ at: ticket.at, order, step: { kind: "ticket", ...ticket }, attempts: 0 });
      this.#nextOrderAt += -Math.log(1 - this.#random()) * (DAY / this.#o.ordersPerDay);
    }
  }

  #push(p: Pending): void {
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.at > p.at) i--;
    this.#queue.splice(i, 0, p);
  }

  async #send(p: Pending): Promise<void> {
    const { path, body, headers } = this.#request(p);
    this.stats.sent++;
    let ok = false;
    let why = "";
    try {
      const res = await (this.#o.fetch ?? fetch)(`${this.#o.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      ok = res.ok;
      why = ok ? "" : `HTTP ${res.status} ${await res.text()}`.slice(0, 200);
      if (ok) await res.arrayBuffer();
    } catch (err) {
      why = err instanceof Error ? `${err.message} ${String((err.cause as { code?: string } | undefined)?.code ?? "")}` : String(err);
    }
    if (!ok) this.stats.failures[why] = (this.stats.failures[why] ?? 0) + 1;
    if (ok) {
      this.stats.acknowledged++;
      if (p.step.kind === "order") this.stats.placed++;
      return;
    }
    // Not acknowledged: send again later, as Shopify and the carriers do.
    this.stats.retried++;
    if (p.attempts < 20) this.#push({ ...p, at: this.#o.clock.now().getTime() + 60_000 * 2 ** Math.min(p.attempts, 6), attempts: p.attempts + 1 });
  }

  #request(p: Pending): { path: string; body: string; headers: Record<string, string> } {
    const { order, step } = p;
    const shopify = (topic: string, body: string) => ({
      path: "/webhooks/shopify",
      body,
      headers: {
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": this.#o.shop,
        "x-shopify-webhook-id": `${order.orderId}-${topic}-${step.at}`,
        "x-shopify-triggered-at": new Date(step.at).toISOString(),
        "x-shopify-api-version": "2026-07",
        "x-shopify-hmac-sha256": createHmac("sha256", this.#o.shopifySecret).update(body).digest("base64"),
      },
    });
    if (step.kind === "ticket") {
      if (p.attempts === 0) this.#o.onTicket?.(step);
      return { path: "/webhooks/helpdesk/gorgias", body: gorgiasMessageBody(order, step), headers: { "x-firebreak-token": this.#o.gorgiasToken ?? "" } };
    }
    if (step.kind === "order") return shopify("orders/create", shopifyOrderBody(order, step.at, this.#o.shop));
    if (step.kind === "fulfillment") return shopify("fulfillments/create", shopifyFulfillmentBody(order, step.at));
    const scans = order.steps.filter((s): s is Extract<Step, { kind: "scan" }> => s.kind === "scan" && s.at <= step.at);
    const eventId = `evt_${order.trackingNumber}_${step.at}`;
    if (order.provider === "aftership") {
      const body = aftershipWebhookBody(order, scans, eventId, order.carrier.toLowerCase());
      return { path: "/webhooks/tracking/aftership", body, headers: { "aftership-hmac-sha256": createHmac("sha256", this.#o.aftershipSecret).update(body).digest("base64") } };
    }
    const body = easypostEventBody(order, scans, eventId);
    const sig = createHmac("sha256", this.#o.easypostSecret.normalize("NFKD")).update(body).digest("hex");
    return { path: "/webhooks/tracking/easypost", body, headers: { "x-hmac-signature": `hmac-sha256-hex=${sig}` } };
  }
}

export const newSecret = (): string => randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "");
