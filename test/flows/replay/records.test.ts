import { expect, it } from "vitest";
import type { Store } from "../../../src/store/port.js";
import { askFlow, lateAlertFlow, ORDERS, useHistory } from "./history.js";

const history = useHistory({ "late.yaml": lateAlertFlow(), "ask.yaml": askFlow }, { approveAt: "2026-11-11T09:00:00.000Z" });

/** What the diff read before the bulk read: three reads per order, run starts dropped as the diff drops them. */
async function perOrder(store: Store, orders: Array<{ shop: string; orderId: string }>) {
  const side = { decisions: [] as unknown[], runs: [] as unknown[], outbox: [] as unknown[] };
  for (const { shop, orderId } of orders) {
    const runs = await store.listRuns({ shop, orderId, limit: 1_000_000 });
    const runIds = new Set(runs.map((r) => r.id));
    side.decisions.push(...(await store.decisionsForOrder(shop, orderId)).filter((d) => !runIds.has(d.id)));
    side.runs.push(...runs);
    side.outbox.push(...(await store.listOutbox({ shop, orderId })));
  }
  return side;
}

const key = (x: unknown) => JSON.stringify(x);
const asSet = (side: Record<string, unknown[]>) => Object.fromEntries(Object.entries(side).map(([k, v]) => [k, v.map(key).sort()]));

it("the bulk read of a real history holds what the per-order reads held", async () => {
  const store = history().app.store;
  const shop = (await store.listJourneys())[0]!.shop;
  const orders = Object.values(ORDERS).map((o) => ({ shop, orderId: o.id }));
  const bulk = await store.recordsForOrders(orders);
  expect(bulk.runs.length).toBeGreaterThan(10);
  expect(bulk.outbox.length).toBeGreaterThan(4);
  expect(asSet({ ...bulk })).toEqual(asSet(await perOrder(store, orders)));
});
