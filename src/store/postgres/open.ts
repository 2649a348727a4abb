import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { KyselyStore } from "../kysely-store.js";
import { migrateToLatest } from "../migrations/index.js";
import { StoreOpenError } from "../open-error.js";
import type { StoreCapabilities } from "../port.js";
import type { Database } from "../schema.js";

export const POSTGRES_CAPABILITIES: StoreCapabilities = { dialect: "postgres", skipLocked: true, multiProcess: true };

const DEFAULT_POOL_SIZE = 10;

/** A plain identifier: it is placed in the connection's startup options, so it must need no quoting. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema holding every table (created if missing); default `public`. */
  schema?: string;
  poolSize?: number;
}

export class PostgresStore extends KyselyStore {
  constructor(
    db: Kysely<Database>,
    readonly schema: string,
  ) {
    super(db, POSTGRES_CAPABILITIES);
  }
}

/** Opens a pool whose every connection works in `schema`, creates the schema and migrates it. Throws `StoreOpenError`. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreOpenError("STORE_BAD_SCHEMA_NAME", `PostgreSQL schema "${schema}": use lower-case letters, digits and _ (not starting with a digit)`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // Set at connection startup, so every pooled connection (and Kysely's migrator) sees only this schema.
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await createSchema(db, schema);
    const migrated = await migrateToLatest(db, POSTGRES_CAPABILITIES, schema);
    if (!migrated.ok) throw new StoreOpenError(migrated.code, `schema ${schema}: ${migrated.message}`);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new PostgresStore(db, schema);
}

/** `if not exists` still races between processes starting together: a loser finds the schema there. */
async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    const schemas = await db.introspection.getSchemas();
    if (!schemas.some((s) => s.name === schema)) throw error;
  }
}
