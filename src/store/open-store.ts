import type { Store } from "./port.js";
import { openSqliteStore, type SqliteSynchronous } from "./sqlite/open.js";

export type StoreConfig =
  | { kind: "sqlite"; dataDir: string; synchronous?: SqliteSynchronous }
  | { kind: "postgres"; url: string; schema?: string; poolSize?: number };

/** The one place a store is chosen from configuration. Throws `StoreOpenError`. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === "postgres") {
    // Loaded only when asked for: pg and the PostgreSQL store take about 40 ms to import, which every SQLite start would pay.
    const { openPostgresStore } = await import("./postgres/open.js");
    return openPostgresStore({ connectionString: config.url, schema: config.schema, poolSize: config.poolSize });
  }
  return openSqliteStore({ dataDir: config.dataDir, synchronous: config.synchronous });
}
