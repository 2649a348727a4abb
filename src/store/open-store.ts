import type { Store } from "./port.js";
import { openSqliteStore, type SqliteSynchronous } from "./sqlite/open.js";
import { openPostgresStore } from "./postgres/open.js";

export type StoreConfig =
  | { kind: "sqlite"; dataDir: string; synchronous?: SqliteSynchronous }
  | { kind: "postgres"; url: string; schema?: string; poolSize?: number };

/** The one place a store is chosen from configuration. Throws `StoreOpenError`. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === "postgres") {
    return openPostgresStore({ connectionString: config.url, schema: config.schema, poolSize: config.poolSize });
  }
  return openSqliteStore({ dataDir: config.dataDir, synchronous: config.synchronous });
}
