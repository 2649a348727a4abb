/** Rows (or keys) per multi-row statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const CHUNK = 200;

/** `items` a statement's worth at a time. */
export function* chunks<T>(items: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
