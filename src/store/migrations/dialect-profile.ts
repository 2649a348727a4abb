import type { ColumnDefinitionBuilder } from "kysely";
import type { StoreCapabilities } from "../port.js";

/**
 * The few column definitions that differ between dialects, chosen from the store's declared
 * capabilities (never by inspecting the connection). Everything else in the migrations is shared.
 */
export interface DialectProfile {
  /** Raw webhook bytes. */
  binaryType: "blob" | "bytea";
  /** The log's arrival order: an auto-incrementing integer primary key. */
  seqType: "integer" | "bigint";
  seqColumn: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function dialectProfile(capabilities: Pick<StoreCapabilities, "dialect">): DialectProfile {
  if (capabilities.dialect === "postgres") {
    return {
      binaryType: "bytea",
      seqType: "bigint",
      seqColumn: (col) => col.generatedAlwaysAsIdentity().primaryKey(),
    };
  }
  return {
    binaryType: "blob",
    // AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted.
    seqType: "integer",
    seqColumn: (col) => col.primaryKey().autoIncrement(),
  };
}
