import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { openPostgresStore } from "../../src/store/postgres/open.js";
import { MemoryStore } from "../../src/store/memory/memory-store.js";
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
    expect((await store.listOutbox({ updatedAfter: T0 })).map((a) => a.id)).toEqual(["b1", "b2"]);
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

describe("comms store contract: SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-comms-store-"));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  commsContract(() => openSqliteStore({ file: join(dir, `s-${++n}.db`) }));
});

describe("comms store contract: memory", () => {
  commsContract(async () => new MemoryStore());
});

const databaseUrl = process.env.FIREBREAK_TEST_DATABASE_URL;
(databaseUrl ? describe : describe.skip)("comms store contract: PostgreSQL", () => {
  const schemas: string[] = [];
  const prefix = `c_${randomBytes(4).toString("hex")}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
    } finally {
      await client.end();
    }
  });
  commsContract(() => {
    const schema = `${prefix}_${schemas.length + 1}`;
    schemas.push(schema);
    return openPostgresStore({ connectionString: databaseUrl ?? "", schema, poolSize: 2 });
  });
});
