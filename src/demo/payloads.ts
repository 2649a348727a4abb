import type { SimOrder, Step } from "./scenario.js";
import type { SimTicket } from "./tickets.js";

/**
 * Webhook bodies the simulated store sends, shaped like the vendors' published samples
 * (Shopify's orders/create and fulfillments/create, EasyPost's tracker.updated Event, AfterShip's
 * tracking_update envelope). Ids above 2^53 are written as bare JSON numbers, exactly as Shopify
 * does, so the demo exercises the lossless parse.
 */
type Json = Record<string, unknown>;
const BIG = "__bigint__";

/** JSON.stringify, then unquote the ids marked as big integers. */
function stringify(body: Json): string {
  return JSON.stringify(body).replace(new RegExp(`"${BIG}(\\d+)"`, "g"), "$1");
}
const big = (id: string) => `${BIG}${id}`;
const iso = (ms: number) => new Date(ms).toISOString();

export function shopifyOrderBody(o: SimOrder & { lineItems: Array<{ sku: string; title: string; price: string }> }, at: number, shop: string): string {
  return stringify({
    id: big(o.orderId),
    admin_graphql_api_id: `gid://shopify/Order/${o.orderId}`,
    name: o.name,
    order_number: 1000 + o.index + 1,
    email: o.email,
    contact_email: o.email,
    created_at: iso(at),
    updated_at: iso(at),
    processed_at: iso(at),
    cancelled_at: null,
    cancel_reason: null,
    closed_at: null,
    financial_status: "paid",
    fulfillment_status: null,
    currency: "USD",
    presentment_currency: "USD",
    total_price: o.total,
    subtotal_price: o.total,
    total_tax: "0.00",
    tags: "",
    test: false,
    order_status_url: `https://${shop}/orders/${o.orderId}/authenticate`,
    customer: { id: big(o.customerId), admin_graphql_api_id: `gid://shopify/Customer/${o.customerId}`, email: o.email, first_name: o.email.split(".")[0], last_name: "Demo", state: "enabled", verified_email: true, created_at: null, updated_at: null },
    shipping_lines: [{ id: big(String(BigInt(o.orderId) + 1n)), code: "Standard", title: "Standard Shipping", price: "0.00", source: "shopify" }],
    line_items: o.lineItems.map((li, i) => ({ id: big(String(BigInt(o.orderId) * 10n + BigInt(i))), admin_graphql_api_id: `gid://shopify/LineItem/${BigInt(o.orderId) * 10n + BigInt(i)}`, sku: li.sku, title: li.title, name: li.title, quantity: 1, price: li.price, fulfillable_quantity: 1, requires_shipping: true })),
    fulfillments: [],
    refunds: [],
  });
}

export function shopifyFulfillmentBody(o: SimOrder, at: number): string {
  const id = String(BigInt(o.orderId) + 5n);
  return stringify({
    id: big(id),
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    order_id: big(o.orderId),
    name: `${o.name}.1`,
    status: "success",
    created_at: iso(at),
    updated_at: iso(at),
    service: "manual",
    shipment_status: null,
    tracking_company: o.carrier,
    tracking_number: o.trackingNumber,
    tracking_numbers: [o.trackingNumber],
    tracking_url: trackingUrl(o),
    tracking_urls: [trackingUrl(o)],
    email: o.email,
    line_items: [],
  });
}

function trackingUrl(o: SimOrder): string {
  switch (o.carrier) {
    case "UPS": return `https://www.ups.com/track?tracknum=${o.trackingNumber}`;
    case "FedEx": return `https://www.fedex.com/fedextrack/?trknbr=${o.trackingNumber}`;
    case "USPS": return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${o.trackingNumber}`;
  }
}

type Scan = Extract<Step, { kind: "scan" }>;

export function easypostEventBody(o: SimOrder, scans: Scan[], eventId: string): string {
  const last = scans[scans.length - 1]!;
  return JSON.stringify({
    id: eventId,
    object: "Event",
    description: "tracker.updated",
    mode: "production",
    created_at: iso(last.at),
    updated_at: iso(last.at),
    status: "pending",
    previous_attributes: {},
    result: {
      id: `trk_${o.trackingNumber}`,
      object: "Tracker",
      mode: "production",
      tracking_code: o.trackingNumber,
      carrier: o.carrier,
      status: last.status,
      status_detail: last.detail,
      created_at: iso(scans[0]!.at),
      updated_at: iso(last.at),
      est_delivery_date: last.estimate === null ? null : iso(last.estimate),
      public_url: `https://track.easypost.com/${o.trackingNumber}`,
      tracking_details: scans.map((s) => ({
        object: "TrackingDetail",
        message: s.message,
        description: s.message,
        status: s.status,
        status_detail: s.detail,
        datetime: iso(s.at),
        source: o.carrier,
        tracking_location: { object: "TrackingLocation", city: null, state: null, country: "US", zip: null },
      })),
    },
  });
}

const AFTERSHIP_TAG: Record<string, [string, string]> = {
  pre_transit: ["InfoReceived", "InfoReceived_001"],
  in_transit: ["InTransit", "InTransit_001"],
  weather_delay: ["Exception", "Exception_005"],
  out_for_delivery: ["OutForDelivery", "OutForDelivery_001"],
  delivered: ["Delivered", "Delivered_001"],
  lost: ["Exception", "Exception_013"],
  damaged: ["Exception", "Exception_012"],
  return: ["Exception", "Exception_011"],
  delivery_exception: ["AttemptFail", "AttemptFail_001"],
};

function aftershipTag(s: Scan): [string, string] {
  return AFTERSHIP_TAG[s.detail] ?? AFTERSHIP_TAG[s.status] ?? ["InTransit", "InTransit_001"];
}

export function aftershipWebhookBody(o: SimOrder, scans: Scan[], eventId: string, slug: string): string {
  const last = scans[scans.length - 1]!;
  const [tag, subtag] = aftershipTag(last);
  return JSON.stringify({
    event: "tracking_update",
    event_id: eventId,
    is_tracking_first_tag: scans.length === 1,
    ts: Math.floor(last.at / 1000),
    msg: {
      id: `as_${o.trackingNumber}`,
      tracking_number: o.trackingNumber,
      slug,
      tag,
      subtag,
      subtag_message: last.message,
      order_id: o.name,
      created_at: iso(scans[0]!.at),
      updated_at: iso(last.at),
      expected_delivery: last.estimate === null ? null : iso(last.estimate),
      checkpoints: scans.map((s) => {
        const [t, st] = aftershipTag(s);
        return { slug, checkpoint_time: iso(s.at), created_at: iso(s.at), tag: t, subtag: st, subtag_message: s.message, message: s.message, location: null, country_iso3: "USA" };
      }),
    },
  });
}

/** The Gorgias HTTP integration's body for a new customer message, as docs/HELPDESK.md's template renders it. */
export function gorgiasMessageBody(o: SimOrder, t: SimTicket): string {
  const at = iso(t.at);
  return JSON.stringify({
    event: "ticket-message-created",
    ticket: {
      id: String(t.ticketId),
      status: "open",
      channel: "email",
      via: "email",
      subject: t.subject,
      created_datetime: at,
      updated_datetime: at,
      snooze_datetime: "",
      customer: { email: o.email, name: o.email.split(".")[0]!.replace(/^./, (c) => c.toUpperCase()) },
      tags: "",
      shopify_orders: "",
    },
    message: { id: `${t.ticketId}-1`, body_text: t.text, from_agent: "False", channel: "email", via: "email", sender: { email: o.email }, created_datetime: at },
  });
}
