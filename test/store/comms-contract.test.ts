import { onEveryBackend } from "./backends.js";
import { afterAll, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { emptyProjectionWrite } from "../../src/store/projection-write.js";
import { BIG_ORDER_ID, SHOP, action } from "./builders.js";

const T0 = "2026-03-05T10:00:00.000Z";
const T1 = "2026-03-05T11:00:00.000Z";

/** What the post-purchase layer needs of every store: skipped actions, the promise ledger, outbox filters. */
function commsContract(open: () => Promise<Store>): void {
  const opened: Store[] = [];
  const fresh = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it("skips a claimed action with its reason: final, never claimed again", async () => {
    const store = await fresh();
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [action("a1", { channel: "notify.customer" }), action("a2", { channel: "alert.team" })] });
    const [claimed] = await store.claimOutbox(T0, 1, "boot", T1);
    await store.markSkipped(claimed!.id, "STALE: old news", T0);
    expect(await store.getOutbox(claimed!.id)).toMatchObject({ status: "skipped", lastError: "STALE: old news", attempts: 0, claimedBy: null });
    expect((await store.claimOutbox(T1, 10, "boot", T1)).map((a) => a.id)).toEqual(["a2"]);
    expect((await store.listOutbox({ status: "skipped" })).map((a) => a.id)).toEqual(["a1"]);
  });

  it("filters the outbox by channel and by last update", async () => {
    const store = await fresh();
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [action("b1", { channel: "notify.customer" }), action("b2", { channel: "alert.team" })] });
    await store.markDelivered("b1", T1);
    expect((await store.listOutbox({ channel: "notify.customer" })).map((a) => a.id)).toEqual(["b1"]);
    expect((await store.listOutbox({ updatedAfter: T1 })).map((a) => a.id)).toEqual(["b1"]);
    // What changed since an instant is listed in the order it changed: b2 (created at T0) before b1 (delivered at T1).
    expect((await store.listOutbox({ updatedAfter: T0 })).map((a) => a.id)).toEqual(["b2", "b1"]);
    expect((await store.listOutbox({})).map((a) => a.id)).toEqual(["b1", "b2"]);
    expect((await store.listOutbox({ shop: SHOP, updatedAfter: T0, limit: 1 })).map((a) => a.id)).toEqual(["b2"]);
    // The same for one order (the SQL stores plan this read on the order, not on the update).
    expect((await store.listOutbox({ shop: SHOP, orderId: BIG_ORDER_ID, updatedAfter: T0 })).map((a) => a.id)).toEqual(["b2", "b1"]);
    expect((await store.listOutbox({ shop: SHOP, orderId: BIG_ORDER_ID, updatedAfter: T1 })).map((a) => a.id)).toEqual(["b1"]);
    // A page of one shop (read on the creation index, the shop checked on the way): its own, oldest first.
    await store.applyProjection({ ...emptyProjectionWrite(), outbox: [action("b0", { shop: "other.myshopify.com", createdAt: "2026-03-01T00:00:00.000Z" }), action("b3", { createdAt: "2026-03-09T00:00:00.000Z" })] });
    expect((await store.listOutbox({ shop: SHOP })).map((a) => a.id)).toEqual(["b1", "b2", "b3"]);
    expect((await store.listOutbox({ shop: SHOP, limit: 2 })).map((a) => a.id)).toEqual(["b1", "b2"]);
    expect((await store.listOutbox({ shop: "other.myshopify.com" })).map((a) => a.id)).toEqual(["b0"]);
  });

  it("lists one shop's actions in flight or awaiting review, by status (and channel), and no other shop's", async () => {
    const store = await fresh();
    await store.applyProjection({
      ...emptyProjectionWrite(),
      outbox: [action("c1", { channel: "notify.customer" }), action("c2", { channel: "notify.customer", shop: "other.myshopify.com" }), action("c3", { status: "awaiting_review" }), action("c4", { status: "awaiting_review", shop: "other.myshopify.com" })],
    });
    await store.claimOutbox(T1, 10, "boot", T1);
    expect((await store.listOutbox({ shop: SHOP, channel: "notify.customer", status: "in_flight" })).map((a) => a.id)).toEqual(["c1"]);
    expect((await store.listOutbox({ status: "in_flight" })).map((a) => a.id)).toEqual(["c1", "c2"]);
    expect((await store.listOutbox({ shop: SHOP, status: "awaiting_review" })).map((a) => a.id)).toEqual(["c3"]);
    expect((await store.listOutbox({ shop: "other.myshopify.com", status: "awaiting_review", limit: 5 })).map((a) => a.id)).toEqual(["c4"]);
  });

  it("records each told promise once, per order, oldest first", async () => {
    const store = await fresh();
    const p = { shop: SHOP, orderId: BIG_ORDER_ID, shipmentKey: "1Z", promisedBy: "2026-03-10T23:59:59.999Z", metric: "Order Shipped", toldAt: T1, sourceKey: "k2" };
    await store.recordPromise(p);
    await store.recordPromise({ ...p, promisedBy: "2026-03-20T00:00:00.000Z" }); // the same message again: ignored
    await store.recordPromise({ ...p, shipmentKey: null, metric: "Order Confirmed", toldAt: T0, sourceKey: "k1" });
    await store.recordPromise({ ...p, orderId: "other", sourceKey: "k3" });
    const ledger = await store.promisesForOrder(SHOP, BIG_ORDER_ID);
    expect(ledger.map((x) => [x.sourceKey, x.metric, x.shipmentKey, x.promisedBy])).toEqual([
      ["k1", "Order Confirmed", null, "2026-03-10T23:59:59.999Z"],
      ["k2", "Order Shipped", "1Z", "2026-03-10T23:59:59.999Z"],
    ]);
    // History, not a projection: a rebuild keeps it.
    await store.resetProjections();
    expect(await store.promisesForOrder(SHOP, BIG_ORDER_ID)).toHaveLength(2);
  });
}

onEveryBackend("comms store contract", commsContract);
