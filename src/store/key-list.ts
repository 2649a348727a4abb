import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { StoreCapabilities } from "./port.js";

/**
 * `column` is one of `keys`, with the keys bound as one value: a JSON array read by SQLite's
 * `json_each`, a text array on PostgreSQL. The statement's text is the same whatever the count, so
 * it is prepared once and reused and needs no chunks, and Kysely builds no node per key: a replay
 * of a recent window asks for thousands of orders, tracking numbers and customers this way (788
 * order ids took 10–14 ms as chunks of 200 placeholders, 3–5 ms as one array). SQLite finds each
 * key by the column's index (test/store/sqlite-plans.test.ts), as long as no other indexed column
 * of the query has a range it could walk instead. PostgreSQL chooses by its statistics: the index
 * for 50 of 2,766 orders, a scan of the table for 800.
 */
export function isOneOf(dialect: StoreCapabilities["dialect"], column: string, keys: readonly string[]): RawBuilder<SqlBool> {
  return dialect === "postgres" ? sql<SqlBool>`${sql.ref(column)} = any(${[...keys]}::text[])` : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(keys)}))`;
}
