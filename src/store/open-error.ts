/**
 * Opening a store fails only at boot, where nothing can be decided but to stop with a message:
 * so it throws, with a stable code for the CLI to print.
 */
export class StoreOpenError extends Error {
  constructor(
    readonly code: "STORE_NO_LOCATION" | "STORE_BAD_SCHEMA_NAME" | "MIGRATION_FAILED",
    message: string,
  ) {
    super(message);
    this.name = "StoreOpenError";
  }
}
