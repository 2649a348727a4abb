import { describe, expect, it } from "vitest";
import { normalizeShopify } from "../../src/connectors/shopify/normalize/index.js";
import { ShopifyTopic } from "../../src/connectors/shopify/topics.js";
import { NewEvent } from "../../src/core/event.js";
import { parseJsonLossless } from "../../src/core/lossless-json.js";
import { fixtureBytes, fixtureJson, fixtureNames } from "./fixtures.js";
import type { VendorBody } from "./fixtures.js";

const SHOP = "snowdevil.myshopify.com";
const TRIGGERED_AT = "2025-07-10T16:15:47.000000Z";
const ORDER_ID = "820982911946154508";

function run(topic: string, body: unknown, triggeredAt: string | null = TRIGGERED_AT) {
  return normalizeShopify({ shop: SHOP, topic, deliveryId: "545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9", triggeredAt, body });
}

function event(topic: string, body: unknown, triggeredAt: string | null = TRIGGERED_AT): NewEvent {
  const r = run(topic, body, triggeredAt);
  if (!r.ok) throw new Error(r.message);
  return NewEvent.parse(r.event);
}

const dev = (topic: string) => fixtureJson(`shopify/shopify-dev-2026-07/${topic.replace("/", "__")}.json`);
const lossy = (name: string) => fixtureJson(`shopify/triggerdev-copies-precision-lost/${name}.json`);

describe("every Shopify 2026-07 sample for a handled topic", () => {
  const handled = ShopifyTopic.options;
  const samples = fixtureNames("shopify/shopify-dev-2026-07").map((f) => f.replace(/\.json$/, "").replace("__", "/"));

  it("has a sample for each handled topic except customers/update (Shopify publishes none)", () => {
    expect(handled.filter((t) => !samples.includes(t))).toEqual(["customers/update"]);
  });

  it.each(handled.filter((t) => samples.includes(t)))("%s normalizes into a valid NewEvent", (topic) => {
    const e = event(topic, dev(topic));
    expect(e.shop).toBe(SHOP);
    expect(e.source).toBe("shopify");
    expect(e.topic).toBe(topic);
    expect(e.occurredAt).toBe(new Date(e.occurredAt).toISOString());
    // returns/update is the one sample that carries nothing to act on (asserted below).
    if (topic !== "returns/update") expect(e.payload.kind).not.toBe("ignored");
  });
});

describe("orders", () => {
  it.each(["orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled"])("%s fills every field", (topic) => {
    const e = event(topic, dev(topic));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.trackingKey).toBeNull();
    expect(e.occurredAt).toBe("2022-01-01T00:00:00.000Z");
    expect(e.payload).toEqual({
      kind: "order.upserted",
      orderId: ORDER_ID,
      name: "#9999",
      email: "jon@example.com",
      customerId: "115310627314723954",
      customerOrdersCount: null,
      createdAt: "2022-01-01T00:00:00.000Z",
      updatedAt: "2022-01-01T00:00:00.000Z",
      financialStatus: "voided",
      fulfillmentStatus: null,
      cancelledAt: "2022-01-01T00:00:00.000Z",
      cancelReason: "customer",
      totalPrice: "404.95",
      currency: "USD",
      shippingMethod: "Generic Shipping",
      lineItems: expect.any(Array),
      tags: ["tag1", "tag2"],
      test: true,
      shipTo: { countryCode: "US", provinceCode: "KY" },
    });
    if (e.payload.kind !== "order.upserted") throw new Error("kind");
    expect(e.payload.lineItems[0]).toEqual({ id: "487817672276298554", sku: "SKU2006-001", title: "Aviator sunglasses", quantity: 1, price: "89.99" });
  });

  it("takes customerOrdersCount from customer.orders_count when Shopify sends it", () => {
    const body = structuredClone(dev("orders/create")) as VendorBody;
    body.customer.orders_count = 7;
    const e = event("orders/updated", body);
    expect(e.payload).toMatchObject({ kind: "order.upserted", customerOrdersCount: 7 });
  });

  it("ships to the shipping address, else the billing one, else the customer's default; no country, no region", () => {
    const body = structuredClone(dev("orders/create")) as VendorBody;
    body.shipping_address = null;
    body.billing_address = { ...body.billing_address, country_code: "ca", province_code: " bc " };
    expect(event("orders/updated", body).payload).toMatchObject({ shipTo: { countryCode: "CA", provinceCode: "BC" } });
    delete body.billing_address;
    expect(event("orders/updated", body).payload).toMatchObject({ shipTo: { countryCode: "CA", provinceCode: "ON" } }); // the sample customer's default address, Ottawa
    body.customer.default_address = { country_code: "GB", province_code: "" };
    expect(event("orders/updated", body).payload).toMatchObject({ shipTo: { countryCode: "GB", provinceCode: null } });
    body.customer.default_address = { country_code: null };
    expect(event("orders/updated", body).payload).toMatchObject({ shipTo: null });
  });

  it("orders/edited gives the edit, keyed by the exact order id", () => {
    const e = event("orders/edited", dev("orders/edited"));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.payload).toEqual({ kind: "order.edited", orderId: ORDER_ID, editId: "78912328793123782", committedAt: "2022-01-01T00:00:00.000Z" });
  });
});

describe("fulfillments and carrier scans", () => {
  it("fulfillments/create keys by order and first tracking number", () => {
    const e = event("fulfillments/create", dev("fulfillments/create"));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.trackingKey).toBe("1z827wk74630");
    expect(e.payload).toEqual({
      kind: "fulfillment.upserted",
      orderId: ORDER_ID,
      fulfillmentId: "123456",
      name: "#9999.1",
      status: "pending",
      tag: null,
      subtag: null,
      carrier: "UPS",
      trackingNumbers: ["1z827wk74630"],
      trackingUrl: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1z827wk74630",
      createdAt: "2022-01-01T00:00:00.000Z",
      updatedAt: "2022-01-01T00:00:00.000Z",
    });
  });

  it("maps shipment_status onto AfterShip tags", () => {
    const body = { ...(dev("fulfillments/update") as object), shipment_status: "out_for_delivery" };
    expect(event("fulfillments/update", body).payload).toMatchObject({ tag: "OutForDelivery", subtag: "OutForDelivery_001" });
  });

  it("fulfillment_events/create becomes a checkpoint with no tracking key", () => {
    const e = event("fulfillment_events/create", dev("fulfillment_events/create"));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.trackingKey).toBeNull();
    expect(e.payload).toEqual({
      kind: "fulfillment.event",
      orderId: ORDER_ID,
      fulfillmentId: "123456",
      eventId: "1234567",
      checkpoint: { at: "2022-01-01T00:00:00.000Z", tag: "InTransit", subtag: "InTransit_001", message: "Item is now in transit", location: "CA" },
      estimatedDeliveryAt: null,
    });
  });

  it("a fulfillment event status Shopify adds later is kept as ignored, not guessed or rejected", () => {
    const body = { ...(dev("fulfillment_events/create") as object), status: "teleported" };
    const e = event("fulfillment_events/create", body);
    expect(e.payload).toEqual({ kind: "ignored", topic: "fulfillment_events/create" });
  });

  it("fulfillment_holds/added names the fulfillment order (no order key, time from the header)", () => {
    const e = event("fulfillment_holds/added", dev("fulfillment_holds/added"));
    expect(e.orderKey).toBeNull();
    expect(e.occurredAt).toBe("2025-07-10T16:15:47.000Z");
    expect(e.payload).toEqual({
      kind: "fulfillment_hold.added",
      fulfillmentOrderId: "1",
      holdId: "1",
      reason: "other",
      notes: "Waiting for some more details from the customer before this can be fulfilled.",
    });
  });
});

describe("money, returns, disputes", () => {
  it("refunds/create sums the successful refund transactions exactly", () => {
    const e = event("refunds/create", dev("refunds/create"));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.payload).toEqual({
      kind: "refund.created",
      orderId: ORDER_ID,
      refundId: "890088186047892319",
      createdAt: "2022-01-01T00:00:00.000Z",
      amount: "85.00",
      currency: "USD",
      note: "Things were damaged",
    });
  });

  it.each([
    ["returns/request", "requested", 2, null],
    ["returns/approve", "open", 2, null],
    ["returns/decline", "declined", null, "return_period_ended"],
    ["returns/cancel", "canceled", null, null],
    ["returns/close", "closed", null, null],
    ["returns/reopen", "open", null, null],
  ])("%s → return.updated %s", (topic, status, lineItemCount, declineReason) => {
    const e = event(topic, dev(topic));
    expect(e.orderKey).toBe("4783296544821");
    expect(e.occurredAt).toBe("2025-07-10T16:15:47.000Z"); // returns carry no timestamps
    expect(e.payload).toEqual({ kind: "return.updated", orderId: "4783296544821", returnId: "123134564567890", status, topic, declineReason, lineItemCount });
  });

  it("returns/update (deltas only, no order, no status) is kept as ignored", () => {
    const e = event("returns/update", dev("returns/update"));
    expect(e.orderKey).toBeNull();
    expect(e.payload).toEqual({ kind: "ignored", topic: "returns/update" });
  });

  it("a return without any timestamp and without X-Shopify-Triggered-At cannot be ordered", () => {
    expect(run("returns/close", dev("returns/close"), null)).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("Triggered-At") });
  });

  it("disputes/create keys by order_id", () => {
    const e = event("disputes/create", dev("disputes/create"));
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.occurredAt).toBe("2022-01-01T00:00:00.000Z");
    expect(e.payload).toEqual({
      kind: "dispute.created",
      orderId: ORDER_ID,
      disputeId: "285332461850802063",
      type: "chargeback",
      reason: "fraudulent",
      amount: "11.50",
      currency: "CAD",
      status: "under_review",
      initiatedAt: "2022-01-01T00:00:00.000Z",
    });
  });
});

describe("catalog, stock and customers", () => {
  it("inventory_levels/update", () => {
    expect(event("inventory_levels/update", dev("inventory_levels/update")).payload).toEqual({
      kind: "inventory_level.updated",
      inventoryItemId: "271878346596884015",
      locationId: "24826418",
      available: 10,
      updatedAt: "2022-01-01T00:00:00.000Z",
    });
  });

  it("inventory_items/update", () => {
    expect(event("inventory_items/update", dev("inventory_items/update")).payload).toEqual({
      kind: "inventory_item.updated",
      inventoryItemId: "271878346596884015",
      sku: "example-sku",
      tracked: true,
      updatedAt: "2022-01-01T00:00:00.000Z",
    });
  });

  it("products/update", () => {
    expect(event("products/update", dev("products/update")).payload).toEqual({
      kind: "product.upserted",
      productId: "788032119674292922",
      title: "Example T-Shirt",
      status: "active",
      variants: [
        { id: "642667041472713922", sku: null, inventoryItemId: null, inventoryQuantity: 75 },
        { id: "757650484644203962", sku: null, inventoryItemId: null, inventoryQuantity: 50 },
      ],
      updatedAt: "2022-01-01T00:00:00.000Z",
    });
  });

  it("customers/create and customers/update", () => {
    for (const topic of ["customers/create", "customers/update"]) {
      expect(event(topic, dev("customers/create")).payload).toEqual({
        kind: "customer.upserted",
        customerId: "706405506930370084",
        email: "bob@biller.com",
        firstName: "Bob",
        lastName: "Biller",
        ordersCount: null,
        tags: [],
        updatedAt: "2022-01-01T00:00:00.000Z",
      });
    }
  });
});

describe("topics Firebreak does not handle", () => {
  it("become ignored events, not errors", () => {
    const e = event("orders/delete", dev("orders/delete"));
    expect(e.orderKey).toBeNull();
    expect(e.payload).toEqual({ kind: "ignored", topic: "orders/delete" });
    expect(e.occurredAt).toBe("2025-07-10T16:15:47.000Z");
  });
});

describe("ids that went through a lossy JSON.parse upstream (trigger.dev copies)", () => {
  it("the order id is recovered from admin_graphql_api_id", () => {
    const body = lossy("Order") as VendorBody;
    expect(body.id).toBe("820982911946154500"); // what the file says: already rounded
    const e = event("orders/updated", body);
    expect(e.orderKey).toBe(ORDER_ID);
    expect(e.payload).toMatchObject({ orderId: ORDER_ID, customerId: "115310627314723954" });
    if (e.payload.kind !== "order.upserted") throw new Error("kind");
    expect(e.payload.lineItems.map((l) => l.id)).toEqual(["866550311766439020", "141249953214522974"]);
  });

  it("ids with a gid are recovered everywhere they exist", () => {
    expect(event("products/update", lossy("Product")).payload).toMatchObject({
      productId: "788032119674292922",
      variants: [{ id: "642667041472713922" }, { id: "757650484644203962" }],
    });
    expect(event("inventory_items/update", lossy("InventoryItem")).payload).toMatchObject({ inventoryItemId: "271878346596884015" });
    // The level's gid carries the item id in its query string.
    expect(event("inventory_levels/update", lossy("InventoryLevel")).payload).toMatchObject({ inventoryItemId: "271878346596884015", available: null });
    expect(event("customers/create", lossy("CustomersCreate")).payload).toMatchObject({ customerId: "706405506930370084", ordersCount: 0 });
    // No transactions in this copy: the amount is the refunded lines, 2 × 199.00 + 0.00 tax.
    expect(event("refunds/create", lossy("Refund")).payload).toMatchObject({ refundId: "890088186047892319", amount: "398.00", currency: "USD" });
  });

  it("order_id fields without a gid cannot be recovered: the rounded digits come through as written", () => {
    // Fulfillments, fulfillment events and refunds name their order only by `order_id`. Once an
    // upstream JSON.parse rounded it, the right digits are gone; the event keeps what the file says.
    for (const [topic, name] of [["fulfillments/update", "Fulfillment"], ["fulfillment_events/create", "FulfillmentEventsCreate"], ["refunds/create", "Refund"]] as const) {
      const e = event(topic, lossy(name));
      expect(e.orderKey, name).toBe("820982911946154500");
      expect(e.orderKey).not.toBe(ORDER_ID);
    }
  });

  it("a body parsed with plain JSON.parse is refused rather than keyed by a rounded number", () => {
    const rounded = JSON.parse(fixtureBytes("shopify/shopify-dev-2026-07/fulfillments__create.json").toString("utf8"));
    expect(run("fulfillments/create", rounded)).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("order_id") });
    // …while the lossless parse of the same bytes works.
    const lossless = parseJsonLossless(fixtureBytes("shopify/shopify-dev-2026-07/fulfillments__create.json"));
    expect(lossless.ok && run("fulfillments/create", lossless.value).ok).toBe(true);
  });
});

describe("malformed vendor bodies", () => {
  it("names the field that is wrong", () => {
    const body = { ...(dev("orders/create") as object), line_items: "x" };
    const r = run("orders/create", body);
    expect(r).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
    if (r.ok) throw new Error("expected failure");
    expect(r.message).toMatch(/^orders\/create: line_items: /);
  });

  it("names nested paths", () => {
    const body = structuredClone(dev("orders/create")) as VendorBody;
    body.line_items[2].quantity = "one";
    const r = run("orders/updated", body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/line_items\.2\.quantity/);
  });

  it("rejects a body that is not an object", () => {
    for (const topic of ["orders/create", "fulfillments/create", "disputes/create"]) {
      const r = run(topic, "not an object");
      expect(r).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
    }
  });

  it("rejects a missing required timestamp", () => {
    const body = { ...(dev("fulfillments/create") as object), created_at: "yesterday-ish" };
    expect(run("fulfillments/create", body)).toMatchObject({ ok: false, code: "PAYLOAD_INVALID", message: expect.stringContaining("created_at") });
  });
});
