import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, type Transaction } from "kysely";
import { KyselyStore } from "../kysely-store.js";
import { migrateToLatest } from "../migrations/index.js";
import type { OrderKey, Store, StoreCapabilities } from "../port.js";
import { groupByShop } from "../by-shop.js";
import type { FlowDefinitionCache } from "../flow-definitions.js";
import type { EventSource, StoredEvent } from "../../core/event.js";
import type { NormalizedPayload } from "../../core/normalized.js";
import type { Database } from "../schema.js";
import { StoreOpenError } from "../open-error.js";
import { withStatementCache } from "./statement-cache.js";
import { projectedInOf } from "../rows.js";

export type SqliteSynchronous = "FULL" | "NORMAL";

export const SQLITE_CAPABILITIES: StoreCapabilities = { dialect: "sqlite", skipLocked: false, multiProcess: false };

/** The file inside a data dir. */
export const SQLITE_FILE_NAME = "firebreak.db";

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * How much of the database file SQLite reads through a memory map rather than by `read` calls into
 * its own page cache (address space, not memory: the pages are the OS's file cache). The first
 * read of a window's events in a new process (`firebreak replay`, a replay thread) copied every
 * page: 20,000 events, 174–227 ms; mapped, 80–125 ms. Writes still go through the WAL. A file
 * larger than this is mapped up to it and read past it as before. SQLite's caveat: a disk error on
 * a mapped page stops the process rather than failing the statement; committed data is as safe.
 */
const MMAP_BYTES = 1 << 30;

/**
 * Opens a better-sqlite3 handle with the settings Firebreak relies on: WAL, and `synchronous=FULL`
 * by default so that an acknowledged webhook survives a power cut (NORMAL may lose the last
 * transactions on power loss, never on a process crash). Shared by the store and the benchmark.
 */
export function openSqliteDatabase(path: string, synchronous: SqliteSynchronous = "FULL"): BetterSqlite3.Database {
  const raw = new BetterSqlite3(path);
  raw.pragma("journal_mode = WAL");
  raw.pragma(`synchronous = ${synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  raw.pragma("foreign_keys = ON");
  raw.pragma(`mmap_size = ${MMAP_BYTES}`);
  return raw;
}

export interface SqliteStoreOptions {
  /** Directory holding `firebreak.db`; created if missing. */
  dataDir?: string;
  /** An explicit database file (wins over dataDir). */
  file?: string;
  /** An in-memory database (tests, demos); wins over both. */
  memory?: boolean;
  synchronous?: SqliteSynchronous;
}

/** The store plus the raw handle (for the benchmark's reference route and for backups). */
export class SqliteStore extends KyselyStore {
  constructor(
    db: Kysely<Database>,
    readonly raw: BetterSqlite3.Database,
    readonly path: string,
    definitions?: FlowDefinitionCache,
  ) {
    super(db, SQLITE_CAPABILITIES, definitions);
  }

  /** The raw reads below use the same connection, so they read inside the view's transaction too. */
  protected override viewOn(trx: Transaction<Database>, definitions: FlowDefinitionCache): Store {
    return new SqliteStore(trx, this.raw, this.path, definitions);
  }

  /**
   * The same rows as the Kysely query, read as arrays on the raw handle: a replay loads its whole
   * window here, and rows as objects cost a third more than the read itself. Each row is turned
   * into its event as it is stepped to, not after all are read: holding every row's payload text
   * at once kept megabytes of strings alive through the young generation's collections (a replay's
   * read phase of 20,000 events: 360–400 ms before, 242–348 ms after).
   */
  override async listEventsBySourceTime(from: string, to: string): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (const row of this.raw.prepare(EVENTS_BY_SOURCE_TIME).raw(true).iterate(from, to, from, to, from, to)) out.push(eventFromTuple(row as EventTuple));
    return out;
  }

  /**
   * As the Kysely query, on the raw handle, one statement per shop (the ids as one JSON array):
   * a replay of a recent window reads the earlier history of hundreds of orders here. An event
   * two orders share (a scan linked to one that names the other) is parsed once.
   */
  override async eventsForOrders(orders: readonly OrderKey[]): Promise<Array<OrderKey & { events: StoredEvent[] }>> {
    const out: Array<OrderKey & { events: StoredEvent[] }> = [];
    for (const [shop, ids] of groupByShop(orders, (o) => o.orderId)) {
      const parsed = new Map<number, StoredEvent>();
      const bySeq = new Map<string, Map<number, StoredEvent>>(ids.map((id) => [id, new Map()]));
      const json = JSON.stringify(ids);
      for (const row of this.raw.prepare(EVENTS_OF_ORDERS).raw(true).iterate(shop, json, shop, json)) {
        const t = row as [...EventTuple, string];
        const seq = Number(t[1]);
        let e = parsed.get(seq);
        if (e === undefined) parsed.set(seq, (e = eventFromTuple(t as unknown as EventTuple)));
        bySeq.get(t[14])?.set(seq, e);
      }
      for (const [orderId, events] of bySeq) out.push({ shop, orderId, events: [...events.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e) });
    }
    return out;
  }
}

const EVENT_COLUMNS = "id, seq, shop, source, topic, occurred_at, received_at, delivery_id, order_key, tracking_key, payload, raw_body_id, projected_batch, projected_through";

/**
 * An order's own events (by order key) and the scans of the tracking numbers linked to it, each row
 * with the order it is read for. The links are read first (CROSS JOIN keeps SQLite from reordering
 * the join): with a plain JOIN and no ANALYZE statistics, SQLite chose to walk every event of the
 * shop and look each one's link up, a read that grows with the whole log instead of with the orders
 * asked for (3–4× slower already on the benchmark's 20,000 events).
 */
const EVENTS_OF_ORDERS = `
  select ${EVENT_COLUMNS}, order_key from events
  where shop = ? and order_key in (select value from json_each(?))
  union all
  select ${EVENT_COLUMNS.split(", ").map((c) => `e.${c}`).join(", ")}, l.order_id from tracking_links l
  cross join events e on e.shop = l.shop and e.tracking_key = l.tracking_number
  where l.shop = ? and l.order_id in (select value from json_each(?))`;

/** The window's seq span first (by the source-time index), then the events inside it in seq order. */
const EVENTS_BY_SOURCE_TIME = `
  select ${EVENT_COLUMNS}
  from events
  where seq >= (select min(seq) from events where occurred_at >= ? and occurred_at <= ?)
    and seq <= (select max(seq) from events where occurred_at >= ? and occurred_at <= ?)
    and occurred_at >= ? and occurred_at <= ?
  order by seq`;

type EventTuple = [string, number | bigint, string, string, string, string, string, string, string | null, string | null, string, string | null, number | bigint | null, number | bigint | null];

function eventFromTuple(t: EventTuple): StoredEvent {
  return {
    id: t[0],
    seq: Number(t[1]),
    shop: t[2],
    source: t[3] as EventSource,
    topic: t[4],
    occurredAt: t[5],
    receivedAt: t[6],
    deliveryId: t[7],
    orderKey: t[8],
    trackingKey: t[9],
    payload: JSON.parse(t[10]) as NormalizedPayload,
    rawBodyId: t[11],
    projectedIn: projectedInOf(t[12], t[13]),
  };
}

export function sqlitePath(options: SqliteStoreOptions): string | null {
  if (options.memory) return ":memory:";
  if (options.file) return options.file;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    return join(options.dataDir, SQLITE_FILE_NAME);
  }
  return null;
}

/** Opens (creating if needed) and migrates a SQLite store. Throws `StoreOpenError`. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const path = sqlitePath(options);
  if (path === null) throw new StoreOpenError("STORE_NO_LOCATION", "SQLite store: give a dataDir, a file, or memory: true");
  const raw = openSqliteDatabase(path, options.synchronous);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  const migrated = await migrateToLatest(db, SQLITE_CAPABILITIES);
  if (!migrated.ok) {
    await db.destroy();
    throw new StoreOpenError(migrated.code, `${path}: ${migrated.message}`);
  }
  return new SqliteStore(db, raw, path);
}
