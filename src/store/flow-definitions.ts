import { hash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { canonical } from "../core/canonical.js";
import { withFields } from "../core/with-fields.js";
import type { FlowRun } from "../flows/engine/run.js";
import type { Database } from "./schema.js";

/**
 * A run keeps the flow definition it started with (`run.flow`), so that an in-flight run keeps its
 * version. The store keeps each distinct definition once, in `flow_definitions`, and a run's row
 * points to it by `flow_hash`: inline, the copies were a third of the runs' bytes and of the time
 * to read them back. Definitions are never changed in place (the interpreter shares them between
 * runs), which is what lets both caches below key on the object or the hash alone.
 */

/** Distinct definitions per statement: well under both dialects' parameter limits. */
const DEFINITIONS_PER_STATEMENT = 200;

/** A run's columns that carry its definition. */
export interface RunData {
  /** The run's JSON; `flow` is null in it when `flow_hash` is set. */
  data: string;
  flow_hash: string | null;
}

interface Stored {
  hash: string;
  json: string;
}

/** A definition object's hash and JSON, computed once per object: the engine starts every run of a flow with the same one. */
const storedForms = new WeakMap<object, Stored>();

function storedForm(flow: object): Stored {
  let s = storedForms.get(flow);
  if (!s) {
    s = { hash: hash("sha256", JSON.stringify(canonical(flow)), "hex"), json: JSON.stringify(flow) };
    storedForms.set(flow, s);
  }
  return s;
}

/**
 * Stores the runs' definitions that are not there yet, in the runs' transaction, and gives each
 * run's columns. A run whose `flow` is not an object (never from the engine) keeps it inline.
 */
export async function writeDefinitions(trx: Transaction<Database>, runs: readonly FlowRun[]): Promise<RunData[]> {
  const fresh = new Map<string, Database["flow_definitions"]>();
  const out = runs.map((run): RunData => {
    if (typeof run.flow !== "object" || run.flow === null) return { data: JSON.stringify(run), flow_hash: null };
    const s = storedForm(run.flow);
    // The store has no clock of its own: a definition is dated by the run write that stored it first.
    if (!fresh.has(s.hash)) fresh.set(s.hash, { hash: s.hash, flow_id: run.flowId, version: run.flowVersion, data: s.json, created_at: run.updatedAt });
    // `flow` stays in place as null: a run read back has its keys in the order it was written with.
    return { data: JSON.stringify(withFields(run, { flow: null })), flow_hash: s.hash };
  });
  const rows = [...fresh.values()];
  for (let i = 0; i < rows.length; i += DEFINITIONS_PER_STATEMENT) {
    await trx
      .insertInto("flow_definitions")
      .values(rows.slice(i, i + DEFINITIONS_PER_STATEMENT))
      .onConflict((oc) => oc.column("hash").doNothing())
      .execute();
  }
  return out;
}

/**
 * Reads runs back whole. Each definition is read and parsed once per store, and every run of it
 * gets the same object: parsing it per run was most of reading runs, and one object per
 * definition lets the interpreter find its compiled program again.
 */
export class FlowDefinitionCache {
  readonly #byHash = new Map<string, unknown>();

  async runsFrom(db: Kysely<Database>, rows: readonly RunData[]): Promise<FlowRun[]> {
    await this.#load(db, rows);
    return rows.map((row) => {
      const run = JSON.parse(row.data) as FlowRun;
      if (row.flow_hash !== null) run.flow = this.#byHash.get(row.flow_hash);
      return run;
    });
  }

  async #load(db: Kysely<Database>, rows: readonly RunData[]): Promise<void> {
    const missing = new Set<string>();
    for (const row of rows) if (row.flow_hash !== null && !this.#byHash.has(row.flow_hash)) missing.add(row.flow_hash);
    const hashes = [...missing];
    for (let i = 0; i < hashes.length; i += DEFINITIONS_PER_STATEMENT) {
      const found = await db
        .selectFrom("flow_definitions")
        .select(["hash", "data"])
        .where("hash", "in", hashes.slice(i, i + DEFINITIONS_PER_STATEMENT))
        .execute();
      // A concurrent read may have loaded it meanwhile: keep the first object, so that all runs share it.
      for (const d of found) {
        if (this.#byHash.has(d.hash)) continue;
        const flow = JSON.parse(d.data) as object;
        // Written back unchanged, the parsed definition is not hashed again.
        storedForms.set(flow, { hash: d.hash, json: d.data });
        this.#byHash.set(d.hash, flow);
      }
    }
    // The foreign key keeps every run's definition there; a missing one is a damaged database.
    for (const h of hashes) if (!this.#byHash.has(h)) throw new Error(`flow definition ${h} is referenced by a run but not stored`);
  }
}
