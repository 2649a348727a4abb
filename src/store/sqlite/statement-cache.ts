import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/**
 * Kysely's SQLite driver prepares every statement anew; on the ingest path that costs more than
 * the insert itself. This keeps prepared statements by SQL text (bounded: queries with IN-lists
 * vary in text). Safe because better-sqlite3 is synchronous: a statement finishes before it is
 * reused.
 */
export function withStatementCache(raw: BetterSqlite3.Database, maxEntries = 512): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (stmt) {
        // Re-insert to keep recently used statements at the end (least recently used first out).
        cache.delete(sql);
      } else {
        stmt = raw.prepare(sql);
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}
