import type { StoreConfig } from "../store/open-store.js";
import type { Config } from "./schema.js";

/** The store a configuration names, as `openStore` takes it (the server, its replay thread and the CLI open the same one). */
export function storeConfigOf(config: Config): StoreConfig {
  return config.store.kind === "postgres"
    ? { kind: "postgres", url: config.store.url, ...(config.store.schema ? { schema: config.store.schema } : {}) }
    : { kind: "sqlite", dataDir: config.dataDir, synchronous: config.store.synchronous };
}
