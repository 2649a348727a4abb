import { parse, stringify, LosslessNumber } from "lossless-json";
import { fixture } from "./harness.js";

/**
 * Webhook bodies for scenarios, made from the vendors' published samples (test/fixtures) with a
 * few fields changed. The samples are parsed and re-serialised losslessly, so the 18-digit ids
 * stay bare JSON numbers, exactly as Shopify sends them.
 */
type Obj = Record<string, unknown>;
const load = (rel: string): Obj => parse(fixture(rel).toString("utf8")) as Obj;
const out = (o: Obj): string => stringify(o)!;

export const ORDER_ID = "820982911946154508";
export const TRACKING = "1z827wk74630";

/** The orders/create sample, made into a live paid order (the sample is cancelled and voided). */
export function orderBody(opts: {
  createdAt: string;
  updatedAt?: string;
  total?: string;
  email?: string | null;
  cancelledAt?: string | null;
  financialStatus?: string;
  id?: string;
  /** Where it ships (the sample ships to Kentucky); null: no address anywhere on the order. */
  shipTo?: { country: string; province: string | null } | null;
}): string {
  const o = load("shopify/shopify-dev-2026-07/orders__create.json");
  if (opts.shipTo === null) {
    o.shipping_address = null;
    o.billing_address = null;
    delete (o.customer as Obj).default_address;
  } else if (opts.shipTo) {
    Object.assign(o.shipping_address as Obj, { country_code: opts.shipTo.country, province_code: opts.shipTo.province });
  }
  o.created_at = opts.createdAt;
  o.updated_at = opts.updatedAt ?? opts.createdAt;
  o.processed_at = opts.createdAt;
  o.cancelled_at = opts.cancelledAt ?? null;
  o.cancel_reason = opts.cancelledAt ? "customer" : null;
  o.financial_status = opts.financialStatus ?? "paid";
  if (opts.total) o.total_price = opts.total;
  if (opts.email !== undefined) {
    o.email = opts.email;
    o.contact_email = opts.email;
    (o.customer as Obj).email = opts.email;
  }
  if (opts.id) {
    o.id = new LosslessNumber(opts.id);
    o.admin_graphql_api_id = `gid://shopify/Order/${opts.id}`;
  }
  return out(o);
}

export function fulfillmentBody(opts: { createdAt: string; updatedAt?: string; tracking?: string; orderId?: string; shipmentStatus?: string | null }): string {
  const f = load("shopify/shopify-dev-2026-07/fulfillments__create.json");
  f.created_at = opts.createdAt;
  f.updated_at = opts.updatedAt ?? opts.createdAt;
  f.status = "success";
  f.shipment_status = opts.shipmentStatus ?? null;
  const t = opts.tracking ?? TRACKING;
  f.tracking_number = t;
  f.tracking_numbers = [t];
  if (opts.orderId) f.order_id = new LosslessNumber(opts.orderId);
  return out(f);
}

export interface Scan {
  at: string;
  status: string;
  detail: string;
  message?: string;
}

/** EasyPost's tracker.updated sample (a real FedEx event) re-pointed at our tracking code and scans. */
export function easypostBody(opts: { eventId: string; tracking?: string; scans: Scan[]; estimate?: string | null }): string {
  const e = load("carriers/easypost/fixtures__event-body.json");
  const last = opts.scans[opts.scans.length - 1]!;
  e.id = opts.eventId;
  e.created_at = last.at;
  e.updated_at = last.at;
  const r = e.result as Obj;
  r.tracking_code = opts.tracking ?? TRACKING;
  r.carrier = "UPS";
  r.status = last.status;
  r.status_detail = last.detail;
  r.updated_at = last.at;
  r.est_delivery_date = opts.estimate === undefined ? null : opts.estimate;
  r.tracking_details = opts.scans.map((s) => ({ object: "TrackingDetail", message: s.message ?? s.detail, description: s.message ?? s.detail, status: s.status, status_detail: s.detail, datetime: s.at, source: "UPS", tracking_location: { object: "TrackingLocation", city: null, state: null, country: "US", zip: null } }));
  return out(e);
}
