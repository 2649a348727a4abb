import type { Kysely } from "kysely";
import type { OrderKey, OrderRecords } from "./port.js";
import type { Database } from "./schema.js";
import { decisionFromRow, outboxFromRow } from "./rows.js";
import { sortOrderRecords } from "./order-records.js";
import { groupByShop } from "./by-shop.js";
import type { FlowDefinitionCache } from "./flow-definitions.js";

/** Order ids per statement: few statements for thousands of orders, well under both dialects' parameter limits. */
const ORDERS_PER_READ = 500;

/** The port's `recordsForOrders` over Kysely: three reads per shop and chunk of orders, on the (shop, order_id) indexes. */
export async function readOrderRecords(db: Kysely<Database>, definitions: FlowDefinitionCache, orders: readonly OrderKey[]): Promise<OrderRecords> {
  const out: OrderRecords = { decisions: [], runs: [], outbox: [] };
  for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
    for (let i = 0; i < ids.length; i += ORDERS_PER_READ) {
      const chunk = ids.slice(i, i + ORDERS_PER_READ);
      const decisions = await db
        .selectFrom("decisions")
        .select("data")
        .where("shop", "=", shop)
        .where("order_id", "in", chunk)
        // A run's start is left unread: its JSON is as long as the run's, and the run says it.
        .where((eb) => eb.not(eb.exists(eb.selectFrom("flow_runs").select("flow_runs.id").whereRef("flow_runs.id", "=", "decisions.id"))))
        .execute();
      for (const row of decisions) out.decisions.push(decisionFromRow(row));
      const runs = await db.selectFrom("flow_runs").select(["data", "flow_hash"]).where("shop", "=", shop).where("order_id", "in", chunk).execute();
      for (const run of await definitions.runsFrom(db, runs)) out.runs.push(run);
      const outbox = await db.selectFrom("outbox").selectAll().where("shop", "=", shop).where("order_id", "in", chunk).execute();
      for (const row of outbox) out.outbox.push(outboxFromRow(row));
    }
  }
  return sortOrderRecords(out);
}
