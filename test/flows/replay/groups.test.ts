import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { StoredEvent } from "../../../src/core/event.js";
import type { NormalizedPayload } from "../../../src/core/normalized.js";
import type { Journey } from "../../../src/core/journey.js";
import type { Hold } from "../../../src/core/decision.js";
import type { FlowRun } from "../../../src/flows/engine/run.js";
import type { FlowDefLike } from "../../../src/flows/engine/orchestrate.js";
import type { History } from "../../../src/flows/replay/load-history.js";
import { groupHistory, shopWideReason } from "../../../src/flows/replay/groups.js";

const SHOP = "groups.myshopify.com";
let seq = 0;

function event(payload: NormalizedPayload, keys: { order?: string; tracking?: string; shop?: string } = {}): StoredEvent {
  seq++;
  return {
    id: `e${seq}`,
    seq,
    shop: keys.shop ?? SHOP,
    source: "shopify",
    topic: payload.kind,
    occurredAt: new Date(Date.UTC(2026, 8, 1, 0, seq)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 8, 1, 0, seq)).toISOString(),
    deliveryId: `d${seq}`,
    orderKey: keys.order ?? null,
    trackingKey: keys.tracking ?? null,
    payload,
    rawBodyId: null,
  };
}

const order = (orderId: string, who: { customerId?: string; email?: string; name?: string } = {}, shop?: string) =>
  event(
    {
      kind: "order.upserted",
      orderId,
      name: who.name ?? `#${orderId}`,
      email: who.email ?? null,
      customerId: who.customerId ?? null,
      customerOrdersCount: null,
      createdAt: "2026-09-01T00:00:00.000Z",
      updatedAt: "2026-09-01T00:00:00.000Z",
      financialStatus: "paid",
      fulfillmentStatus: null,
      cancelledAt: null,
      cancelReason: null,
      totalPrice: "10.00",
      currency: "USD",
      shippingMethod: null,
      lineItems: [],
      tags: [],
      test: false,
    },
    { order: orderId, ...(shop ? { shop } : {}) },
  );

/** The event's tracking key is the first number; a fulfillment can name more. */
const fulfillment = (orderId: string, ...tracking: string[]) =>
  event(
    { kind: "fulfillment.upserted", orderId, fulfillmentId: `f-${orderId}`, status: "success", shipmentStatus: null, trackingNumbers: tracking, trackingCompany: "UPS", trackingUrls: [], createdAt: "2026-09-01T00:00:00.000Z", updatedAt: "2026-09-01T00:00:00.000Z" } as unknown as NormalizedPayload,
    { order: orderId, tracking: tracking[0]! },
  );

const scan = (tracking: string) => event({ kind: "tracking.updated" } as unknown as NormalizedPayload, { tracking });

function ticketMessage(ticketId: string, opts: { email?: string; body?: string; subject?: string; refs?: string[] }): StoredEvent {
  return event({
    kind: "ticket.message_added",
    ticket: { helpdesk: "gorgias", ticketId, status: "open", vendorStatus: "open", channel: "email", subject: opts.subject ?? null, customerEmail: opts.email ?? null, customerName: null, tags: [], shopifyOrderRefs: opts.refs ?? [], createdAt: null, updatedAt: "2026-09-01T00:00:00.000Z" },
    message: { id: `m${seq}`, body: opts.body ?? "", fromAgent: false, public: true, automatic: false, channel: "email", authorEmail: opts.email ?? null, createdAt: "2026-09-01T00:00:00.000Z" },
  });
}

const inventory = () => event({ kind: "inventory_level.updated" } as unknown as NormalizedPayload);

function historyOf(events: StoredEvent[], seeds: Partial<Pick<History, "seedJourneys" | "seedHolds" | "seedRuns">> = {}): History {
  const touched = [...new Map(events.flatMap((e) => (e.orderKey ? [[`${e.shop}\0${e.orderKey}`, { shop: e.shop, orderId: e.orderKey }] as const] : []))).values()];
  return { events, firings: [], notYetFolded: 0, touched, horizon: events.at(-1)?.occurredAt ?? null, seedJourneys: seeds.seedJourneys ?? [], seedHolds: seeds.seedHolds ?? [], seedRuns: seeds.seedRuns ?? [], seedSteps: { journeys: {}, runs: {}, holds: {}, holdReleases: {} } };
}

/** Each group's event ids, one group per independent set (packs of one event close at once). */
const groupsOf = (h: History, flows: FlowDefLike[] = []) =>
  groupHistory(h, flows, 1).groups.map((g) => g.events.map((e) => e.id));

const flow = (over: Partial<FlowDefLike>): FlowDefLike => ({ id: "f", version: 1, description: "", trigger: { events: ["signal.raised"] }, steps: [], ...over });

describe("grouping a replay's history by customer", () => {
  it("keeps a customer's orders together, found by customer id or by e-mail in any case, and other customers apart", () => {
    const a1 = order("1", { customerId: "c-a" });
    const b1 = order("2", { email: "Bea@Example.com" });
    const a2 = order("3", { customerId: "c-a" });
    const b2 = order("4", { email: "bea@example.com" });
    const c1 = order("5", { customerId: "c-c" });
    expect(groupsOf(historyOf([a1, b1, a2, b2, c1]))).toEqual([[a1.id, a2.id], [b1.id, b2.id], [c1.id]]);
  });

  it("joins an order known by id to the same customer known by e-mail on another order", () => {
    const x = order("1", { customerId: "c-x", email: "x@example.com" });
    const y = order("2", { email: "X@example.com" });
    expect(groupsOf(historyOf([x, y]))).toEqual([[x.id, y.id]]);
  });

  it("puts a parcel's scans with the order whose fulfillment names it, even a scan that arrived first", () => {
    const early = scan("1Z999");
    const o = order("1", { customerId: "c-1" });
    const other = order("2", { customerId: "c-2" });
    const f = fulfillment("1", "1Z000", "1Z999");
    const late = scan("1Z999");
    expect(groupsOf(historyOf([early, o, other, f, late]))).toEqual([[early.id, o.id, f.id, late.id], [other.id]]);
  });

  it("puts a ticket with every order it could be matched to: by the customer's e-mail, a name in its text, a helpdesk link, a tracking number", () => {
    const byEmail = order("1", { email: "ann@example.com" });
    // The name is written before the order named reaches us: it is resolved once all names are known.
    const namesOrder = ticketMessage("t2", { body: "My order 4242 has not come" });
    const byName = order("2", { customerId: "c-2", name: "#4242" });
    const byLink = order("3", { customerId: "c-3" });
    const byTracking = order("4", { customerId: "c-4" });
    const f = fulfillment("4", "1ZABCDEF12345");
    const apart = order("5", { customerId: "c-5" });
    const byEmailTicket = ticketMessage("t1", { email: "ANN@example.com", body: "where is it?" });
    const linked = ticketMessage("t3", { refs: ["3"] });
    const tracked = ticketMessage("t4", { body: "tracking 1zabcdef12345 says nothing" });
    const h = historyOf([byEmail, namesOrder, byName, byLink, byTracking, f, apart, byEmailTicket, linked, tracked]);
    expect(groupsOf(h)).toEqual([[byEmail.id, byEmailTicket.id], [namesOrder.id, byName.id], [byLink.id, linked.id], [byTracking.id, f.id, tracked.id], [apart.id]]);
  });

  it("never joins two shops, whatever their keys", () => {
    const a = order("1", { customerId: "c-1" });
    const b = order("1", { customerId: "c-1" }, "other.myshopify.com");
    expect(groupsOf(historyOf([a, b]))).toEqual([[a.id], [b.id]]);
  });

  it("puts events with no order, parcel or ticket (which no fold reads) in the first group", () => {
    const a = order("1", { customerId: "c-1" });
    const inv = inventory();
    const b = order("2", { customerId: "c-2" });
    expect(groupsOf(historyOf([a, inv, b]))).toEqual([[a.id, inv.id], [b.id]]);
  });

  it("seeds each group with its customers' earlier orders and holds, and with the runs a per-customer cap counts", () => {
    const a = order("1", { customerId: "c-a" });
    const b = order("2", { email: "b@example.com" });
    const seedA = { shop: SHOP, orderId: "90", name: "#90", customerId: "c-a", email: null } as Journey;
    const seedB = { shop: SHOP, orderId: "91", name: "#91", customerId: null, email: "B@example.com" } as Journey;
    const stranger = { shop: SHOP, orderId: "92", name: "#92", customerId: "c-z", email: null } as Journey;
    const holdB = { shop: SHOP, orderId: "91", customerKey: "b@example.com" } as Hold;
    const capA = { shop: SHOP, orderId: "90", limitKey: "c-a" } as FlowRun;
    const capByOrder = { shop: SHOP, orderId: "91", limitKey: "91:s1" } as FlowRun;
    const grouping = groupHistory(historyOf([a, b], { seedJourneys: [seedA, seedB, stranger], seedHolds: [holdB], seedRuns: [capA, capByOrder] }), [], 1);
    expect(grouping.by).toBe("customer");
    expect(grouping.groups.map((g) => ({ touched: g.touched.map((t) => t.orderId), journeys: g.seedJourneys.map((j) => j.orderId), holds: g.seedHolds.length, runs: g.seedRuns }))).toEqual([
      { touched: ["1"], journeys: ["90"], holds: 0, runs: [capA] },
      { touched: ["2"], journeys: ["91"], holds: 1, runs: [] },
    ]);
  });

  it("packs independent groups up to the size asked, each pack in arrival order", () => {
    const events = [order("1", { customerId: "a" }), order("2", { customerId: "b" }), order("3", { customerId: "a" }), order("4", { customerId: "c" }), order("5", { customerId: "b" })];
    const packs = groupHistory(historyOf(events), [], 3).groups;
    expect(packs.map((g) => g.events.map((e) => e.id))).toEqual([[events[0]!.id, events[1]!.id, events[2]!.id, events[4]!.id], [events[3]!.id]]);
    expect(packs.map((g) => g.touched.map((t) => t.orderId))).toEqual([["1", "3", "2", "5"], ["4"]]);
  });
});

describe("grouping, against a plain search for who shares a key", () => {
  it("two orders are in one group exactly when a chain of shared customer ids or e-mails joins them", () => {
    const who = fc.record({ customerId: fc.option(fc.constantFrom("c1", "c2", "c3", "c4"), { nil: undefined }), email: fc.option(fc.constantFrom("a@x.io", "A@X.io", "b@x.io", "c@x.io"), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(who, { minLength: 1, maxLength: 30 }), (people) => {
        const events = people.map((p, i) => order(String(i), p));
        // Joined: the same id, or the same e-mail in any case; then every chain of those.
        const joined = (a: number, b: number) =>
          (people[a]!.customerId !== undefined && people[a]!.customerId === people[b]!.customerId) || (people[a]!.email !== undefined && people[a]!.email?.toLowerCase() === people[b]!.email?.toLowerCase());
        const seen = new Set<number>();
        const expected: string[][] = [];
        for (let i = 0; i < people.length; i++) {
          if (seen.has(i)) continue;
          const group = [i];
          seen.add(i);
          for (let k = 0; k < group.length; k++) {
            for (let j = 0; j < people.length; j++) {
              if (!seen.has(j) && joined(group[k]!, j)) {
                seen.add(j);
                group.push(j);
              }
            }
          }
          expected.push(group.sort((a, b) => a - b).map((n) => events[n]!.id));
        }
        expect(groupsOf(historyOf(events))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("when a replay needs the whole shop in one store", () => {
  it("a rate limit counts the whole shop's runs", () => {
    expect(shopWideReason([flow({ id: "r", limits: { rate: { max: 5, per: "1h" } } })])).toBe("flow r has a rate limit (5 per 1h), which counts its runs across the whole shop");
  });

  it("a frequency cap keyed by something more than one customer can share", () => {
    expect(shopWideReason([flow({ id: "q", limits: { frequency: { max: 1, per: "1d", key: "{{ shipment.tag }}" } } })])).toBe("flow q's frequency cap is keyed by '{{ shipment.tag }}', which can be shared by more than one customer");
    expect(shopWideReason([flow({ id: "q", limits: { frequency: { max: 1, per: "1d", key: "{{ customer.key }}:{{ shipment.tag }}" } } })])).toMatch(/can be shared/);
  });

  it("a cap keyed by the order, on a flow that starts on ticket events (whose runs may have no order)", () => {
    expect(shopWideReason([flow({ id: "t", trigger: { events: ["ticket.message_added"] }, limits: { frequency: { max: 1, per: "1d", key: "{{ order.id }}" } } })])).toMatch(/starts on ticket events/);
  });

  it("not for caps keyed by the order or by exactly the customer's key, nor for flows without limits", () => {
    const flows = [flow({ id: "a", limits: { frequency: { max: 1, per: "1h", key: "{{ order.id }}:{{ shipment.key }}" } } }), flow({ id: "b", limits: { frequency: { max: 1, per: "30d", key: " {{customer.key}} " } } }), flow({ id: "c" })];
    expect(shopWideReason(flows)).toBeNull();
  });

  it("then the history stays one group, with every seed, and says why", () => {
    const h = historyOf([order("1", { customerId: "a" }), order("2", { customerId: "b" })], { seedRuns: [{ shop: SHOP, orderId: "9", limitKey: null } as FlowRun] });
    const grouping = groupHistory(h, [flow({ id: "r", limits: { rate: { max: 1, per: "1h" } } })], 1);
    expect(grouping).toEqual({ by: "shop", reason: expect.stringContaining("rate limit"), groups: [{ events: h.events, firings: [], touched: h.touched, seedJourneys: [], seedHolds: [], seedRuns: h.seedRuns }] });
  });
});
