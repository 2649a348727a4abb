import type { SqliteStore } from "../../src/store/sqlite/open.js";

/** A statement and what SQLite would do for it, step by step (EXPLAIN QUERY PLAN). */
export interface Plan {
  sql: string;
  steps: string[];
}

/**
 * The plan of every statement the store prepares while `work` runs (the store caches prepared
 * statements, so each appears once). Parameters are bound as null: a plan without statistics
 * does not depend on their values.
 */
export async function plansWhile(store: SqliteStore, work: () => Promise<unknown>): Promise<Plan[]> {
  const raw = store.raw;
  const prepare = raw.prepare.bind(raw);
  const prepared: string[] = [];
  raw.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof raw.prepare;
  try {
    await work();
  } finally {
    raw.prepare = prepare as typeof raw.prepare;
  }
  return prepared.map((sql) => {
    const params = (sql.match(/\?/g) ?? []).length;
    const rows = raw.prepare(`explain query plan ${sql}`).all(...Array<null>(params).fill(null)) as Array<{ detail: string }>;
    return { sql, steps: rows.map((r) => r.detail) };
  });
}
