import type { Kysely } from "kysely";
import type { OrderKey, OrderOutcomes, OrderRecords, StoreCapabilities } from "./port.js";
import type { Decision } from "../core/decision.js";
import type { ActionOutcome } from "../core/outbox.js";
import { isOneOf } from "./key-list.js";
import type { Database } from "./schema.js";
import { ACTION_OUTCOME_COLUMNS, actionOutcomeFromRow, decisionFromRow, outboxFromRow } from "./rows.js";
import { sortOrderRecords } from "./order-records.js";
import { groupByShop } from "./by-shop.js";
import type { FlowDefinitionCache, RunData } from "./flow-definitions.js";
import { runOutcomeOf, type RunOutcome } from "../flows/engine/run-outcome.js";
import type { FlowRun } from "../flows/engine/run.js";

/**
 * The reads below bind their keys as one value (key-list.ts): they take a replay chunk's hundreds of
 * orders, a replay makes one per chunk, and one statement text serves every count.
 */
type Dialect = StoreCapabilities["dialect"];

/** The port's `recordsForOrders` over Kysely: three reads per shop, on the (shop, order_id) indexes. */
export async function readOrderRecords(db: Kysely<Database>, definitions: FlowDefinitionCache, dialect: Dialect, orders: readonly OrderKey[]): Promise<OrderRecords> {
  return read(db, dialect, orders, (shop, ids) => wholeRuns(db, definitions, dialect, shop, ids), async (shop, ids) => (await outboxOf(db, dialect, shop, ids).selectAll().execute()).map(outboxFromRow));
}

/** The port's `outcomesForOrders`: the runs' outcome column, and a run's JSON only where a row predates it. */
export async function readOrderOutcomes(db: Kysely<Database>, definitions: FlowDefinitionCache, dialect: Dialect, orders: readonly OrderKey[]): Promise<OrderOutcomes> {
  return read(db, dialect, orders, async (shop, ids) => {
    // One read: the outcome, and the run's JSON only on a row that has none.
    const rows = await db
      .selectFrom("flow_runs")
      .select((eb) => ["outcome", "flow_hash", eb.case().when("outcome", "is", null).then(eb.ref("data")).end().as("data")])
      .where("shop", "=", shop)
      .where(isOneOf(dialect, "order_id", ids))
      .execute();
    const out: RunOutcome[] = [];
    const older: RunData[] = [];
    for (const r of rows) {
      if (r.outcome !== null) out.push(JSON.parse(r.outcome) as RunOutcome);
      else older.push({ data: r.data!, flow_hash: r.flow_hash });
    }
    for (const run of await definitions.runsFrom(db, older)) out.push(runOutcomeOf(run));
    return out;
  }, async (shop, ids) => (await outboxOf(db, dialect, shop, ids).select(ACTION_OUTCOME_COLUMNS).execute()).map(actionOutcomeFromRow));
}

/** The orders' actions, before the columns are chosen: whole for the records, the outcome's for a replay. */
const outboxOf = (db: Kysely<Database>, dialect: Dialect, shop: string, orderIds: string[]) => db.selectFrom("outbox").where("shop", "=", shop).where(isOneOf(dialect, "order_id", orderIds));

/** The port's `getRuns`. */
export async function readRuns(db: Kysely<Database>, definitions: FlowDefinitionCache, dialect: Dialect, ids: readonly string[]): Promise<FlowRun[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("flow_runs").select(["data", "flow_hash"]).where(isOneOf(dialect, "id", [...new Set(ids)])).execute();
  return definitions.runsFrom(db, rows);
}

function wholeRuns(db: Kysely<Database>, definitions: FlowDefinitionCache, dialect: Dialect, shop: string, orderIds: string[]): Promise<FlowRun[]> {
  return db
    .selectFrom("flow_runs")
    .select(["data", "flow_hash"])
    .where("shop", "=", shop)
    .where(isOneOf(dialect, "order_id", orderIds))
    .execute()
    .then((rows) => definitions.runsFrom(db, rows));
}

/** Decisions of the orders, with their runs and actions as `runsOf` and `actionsOf` read them. */
async function read<R extends RunOutcome, A extends ActionOutcome>(
  db: Kysely<Database>,
  dialect: Dialect,
  orders: readonly OrderKey[],
  runsOf: (shop: string, orderIds: string[]) => Promise<R[]>,
  actionsOf: (shop: string, orderIds: string[]) => Promise<A[]>,
): Promise<{ decisions: Decision[]; runs: R[]; outbox: A[] }> {
  const out: { decisions: Decision[]; runs: R[]; outbox: A[] } = { decisions: [], runs: [], outbox: [] };
  for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
    const decisions = await db
      .selectFrom("decisions")
      .select("data")
      .where("shop", "=", shop)
      .where(isOneOf(dialect, "decisions.order_id", ids))
      // A run's start is left unread: its JSON is as long as the run's, and the run says it.
      .where((eb) => eb.not(eb.exists(eb.selectFrom("flow_runs").select("flow_runs.id").whereRef("flow_runs.id", "=", "decisions.id"))))
      .execute();
    for (const row of decisions) out.decisions.push(decisionFromRow(row));
    for (const run of await runsOf(shop, ids)) out.runs.push(run);
    for (const action of await actionsOf(shop, ids)) out.outbox.push(action);
  }
  return sortOrderRecords(out);
}
