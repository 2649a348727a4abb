import { mergeCheckpoints, type CheckpointSource } from "./checkpoint-merge.js";
import { expectedDelivery, type ExpectedDelivery } from "./expected-delivery.js";
import type { Collected } from "./journey-collect.js";
import type { Shipment } from "./journey.js";
import type { Checkpoint, FulfillmentUpserted, OrderUpserted, TrackingUpdated } from "./normalized.js";
import type { ShopSettings } from "./settings.js";
import { ShipmentTag } from "./shipment-status.js";

/** Fulfillments that will never ship: their parcels are not shipments of this order. */
const DEAD_FULFILLMENT = new Set(["cancelled", "error", "failure"]);

interface ShipmentGroup {
  key: string;
  trackingNumber: string | null;
  fulfillments: FulfillmentUpserted[];
  fulfillmentIds: string[];
}

function groupShipments(state: Collected): ShipmentGroup[] {
  const groups = new Map<string, ShipmentGroup>();
  const group = (key: string, trackingNumber: string | null): ShipmentGroup => {
    let found = groups.get(key);
    if (found === undefined) {
      found = { key, trackingNumber, fulfillments: [], fulfillmentIds: [] };
      groups.set(key, found);
    }
    return found;
  };
  const voided = new Set<string>();
  for (const fulfillment of state.fulfillments.values()) {
    const numbers = [...new Set(fulfillment.trackingNumbers.filter((n) => n.trim() !== ""))];
    if (fulfillment.status !== null && DEAD_FULFILLMENT.has(fulfillment.status)) {
      for (const n of numbers) voided.add(n);
      continue;
    }
    const keys = numbers.length > 0 ? numbers.map((n) => ({ key: n, tn: n as string | null })) : [{ key: `fulfillment:${fulfillment.fulfillmentId}`, tn: null }];
    for (const { key, tn } of keys) {
      const g = group(key, tn);
      g.fulfillments.push(fulfillment);
      g.fulfillmentIds.push(fulfillment.fulfillmentId);
    }
  }
  // Carrier scans relayed by Shopify before the fulfillment itself arrived.
  for (const fulfillmentId of state.fulfillmentScans.keys()) {
    if (state.fulfillments.has(fulfillmentId)) continue;
    group(`fulfillment:${fulfillmentId}`, null).fulfillmentIds.push(fulfillmentId);
  }
  // Tracking seen before (or without) the fulfillment; a label whose fulfillment was cancelled is not a shipment.
  for (const trackingNumber of state.tracking.keys()) {
    if (!groups.has(trackingNumber) && !voided.has(trackingNumber)) group(trackingNumber, trackingNumber);
  }
  for (const g of groups.values()) {
    g.fulfillments.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.fulfillmentId, b.fulfillmentId));
    g.fulfillmentIds.sort();
  }
  return [...groups.values()];
}

/**
 * The order's shipments: its fulfillments and tracking numbers grouped into parcels, in shipping
 * order. `orderPromise` is the order's own expected delivery (what every shipment of a known order
 * expects), worked out once by the caller.
 */
export function deriveShipments(state: Collected, order: OrderUpserted | null, settings: ShopSettings, orderPromise: ExpectedDelivery | null): Shipment[] {
  const shipments = groupShipments(state).map((g) => deriveShipment(g, state, order, settings, orderPromise));
  const anchor = (s: Shipment) => s.shippedAt ?? s.checkpoints[0]?.at ?? s.updatedAt;
  return shipments.sort((a, b) => cmp(anchor(a), anchor(b)) || cmp(a.key, b.key));
}

function deriveShipment(g: ShipmentGroup, state: Collected, order: OrderUpserted | null, settings: ShopSettings, orderPromise: ExpectedDelivery | null): Shipment {
  const primary = g.fulfillments[0] ?? null;
  const scans = g.fulfillmentIds.flatMap((id) => state.fulfillmentScans.get(id) ?? []);
  const updates = g.trackingNumber === null ? [] : (state.tracking.get(g.trackingNumber) ?? []);
  const sources: CheckpointSource[] = [];
  for (const s of scans) sources.push(s.checkpoint);
  for (const u of updates) sources.push(u.checkpoints);
  // Shared with earlier folds of the order (see mergeCheckpoints): read, never changed.
  const checkpoints = mergeCheckpoints(sources) as Checkpoint[];
  const status = currentStatus(checkpoints, updates, g.fulfillments, g.trackingNumber !== null);
  const range = new EstimateRange();
  for (const s of scans) range.meet(s.checkpoint.at, s.estimate);
  for (const u of updates) range.meet(u.updatedAt, u.estimatedDeliveryAt);
  const firstCarrierEstimate = range.firstEstimate;
  const carrierEstimate = range.lastEstimate;
  const shippedAt = primary?.createdAt ?? null;
  // A known order's date decides first (expectedDelivery's precedence): that is the order's promise.
  const edd = order?.createdAt != null && orderPromise !== null ? orderPromise : expectedDelivery(
    {
      orderCreatedAt: order?.createdAt ?? null,
      shippingMethod: order?.shippingMethod ?? null,
      shipDate: shippedAt ?? checkpoints[0]?.at ?? null,
      carrierEstimate,
    },
    settings,
  );
  // The update with the greatest updatedAt; on a tie the later one (a stable sort's last).
  let latestUpdate: TrackingUpdated | undefined;
  for (const u of updates) if (latestUpdate === undefined || u.updatedAt >= latestUpdate.updatedAt) latestUpdate = u;
  let updatedAt = "";
  for (const f of g.fulfillments) if (f.updatedAt > updatedAt) updatedAt = f.updatedAt;
  for (const c of checkpoints) if (c.at > updatedAt) updatedAt = c.at;
  for (const u of updates) if (u.updatedAt > updatedAt) updatedAt = u.updatedAt;
  return {
    key: g.key,
    fulfillmentId: g.fulfillmentIds[0] ?? null,
    carrier: primary?.carrier ?? latestUpdate?.carrier ?? null,
    trackingNumber: g.trackingNumber,
    trackingUrl: primary?.trackingUrl ?? null,
    tag: status.tag,
    subtag: status.subtag,
    subtagMessage: status.subtagMessage,
    shippedAt,
    firstScanAt: checkpoints.find((c) => MOVED.has(c.tag))?.at ?? null,
    lastScanAt: checkpoints[checkpoints.length - 1]?.at ?? null,
    deliveredAt: status.tag === "Delivered" ? deliveredAt(checkpoints, status.time) : null,
    carrierEstimate,
    firstCarrierEstimate,
    expectedDelivery: edd?.at ?? null,
    expectedDeliverySource: edd?.source ?? null,
    checkpoints,
    updatedAt,
  };
}

/** The first and the latest carrier estimate, ordered by (statement time, estimate), met one at a time without sorting. */
class EstimateRange {
  firstEstimate: string | null = null;
  lastEstimate: string | null = null;
  #firstTime = "";
  #lastTime = "";

  meet(time: string, estimate: string | null): void {
    if (estimate === null) return;
    if (this.firstEstimate === null || (cmp(time, this.#firstTime) || cmp(estimate, this.firstEstimate)) < 0) {
      this.firstEstimate = estimate;
      this.#firstTime = time;
    }
    if (this.lastEstimate === null || (cmp(time, this.#lastTime) || cmp(estimate, this.lastEstimate)) >= 0) {
      this.lastEstimate = estimate;
      this.#lastTime = time;
    }
  }
}

/** Tags that mean the carrier has the parcel: everything past label creation. */
const MOVED: ReadonlySet<ShipmentTag> = new Set(ShipmentTag.options.filter((t) => t !== "Pending" && t !== "InfoReceived"));

interface StatusCandidate {
  time: string;
  rank: number; // on equal time: a scan beats a provider summary beats Shopify's shipment_status
  tag: ShipmentTag;
  subtag: string | null;
  subtagMessage: string | null;
}

const RANK_SCAN = 0;
const RANK_SUMMARY = 1;
const RANK_SHOPIFY = 2;

const TAG_ORDER: ReadonlyMap<ShipmentTag, number> = new Map(ShipmentTag.options.map((t, i) => [t, i]));

function compareCandidates(a: StatusCandidate, b: StatusCandidate): number {
  return (
    cmp(a.time, b.time) ||
    b.rank - a.rank ||
    TAG_ORDER.get(a.tag)! - TAG_ORDER.get(b.tag)! ||
    cmp(a.subtag ?? "", b.subtag ?? "") ||
    cmp(a.subtagMessage ?? "", b.subtagMessage ?? "")
  );
}

/**
 * The shipment's current status: the newest statement by source time. Delivered is sticky: only a
 * strictly newer carrier scan overrides it, never an older scan nor a lagging summary.
 */
function currentStatus(
  checkpoints: Checkpoint[],
  updates: TrackingUpdated[],
  fulfillments: FulfillmentUpserted[],
  hasTracking: boolean,
): StatusCandidate {
  // The newest statement, and the newest Delivered one, in one pass: a stable sort's last element
  // among equals is the last one met, hence `>=`.
  let newest: StatusCandidate | undefined;
  let delivered: StatusCandidate | undefined;
  const meet = (c: StatusCandidate) => {
    if (newest === undefined || compareCandidates(c, newest) >= 0) newest = c;
    if (c.tag === "Delivered" && (delivered === undefined || compareCandidates(c, delivered) >= 0)) delivered = c;
  };
  // Checkpoints are in time order: only the latest ones can be the newest statement, and only the
  // latest Delivered ones the newest Delivered (candidates equal in every field are one statement).
  const scan = (c: Checkpoint): StatusCandidate => ({ time: c.at, rank: RANK_SCAN, tag: c.tag, subtag: c.subtag, subtagMessage: c.message });
  const lastAt = checkpoints[checkpoints.length - 1]?.at;
  let deliveredAt: string | undefined;
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    const c = checkpoints[i]!;
    if (c.at === lastAt) meet(scan(c));
    else if (c.tag === "Delivered" && (deliveredAt === undefined || c.at === deliveredAt)) meet(scan(c));
    if (c.tag === "Delivered") deliveredAt ??= c.at;
    if (c.at !== lastAt && deliveredAt !== undefined && c.at !== deliveredAt) break;
  }
  for (const u of updates) meet({ time: u.updatedAt, rank: RANK_SUMMARY, tag: u.tag, subtag: u.subtag, subtagMessage: u.subtagMessage });
  for (const f of fulfillments) if (f.tag !== null) meet({ time: f.updatedAt, rank: RANK_SHOPIFY, tag: f.tag, subtag: f.subtag, subtagMessage: null });
  if (newest === undefined) {
    const since = fulfillments[0]?.createdAt ?? "";
    return { time: since, rank: RANK_SHOPIFY, tag: hasTracking ? "InfoReceived" : "Pending", subtag: null, subtagMessage: null };
  }
  if (newest.tag === "Delivered" || delivered === undefined) return newest;
  return newest.rank === RANK_SCAN && newest.time > delivered.time ? newest : delivered;
}

/** Start of the current Delivered run: the first Delivered scan after the last non-Delivered one. */
function deliveredAt(checkpoints: Checkpoint[], statusTime: string): string {
  let first: string | null = null;
  for (const c of checkpoints) {
    if (c.tag === "Delivered") first ??= c.at;
    else if (c.at <= statusTime) first = null;
  }
  return first ?? statusTime;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
