import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/** `input.line_items[0].quantity` — the place a flow author has to look. */
export function issuePath(root: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${String(key)}`), root);
}

/**
 * Zod issues as one line a flow author can act on: every field that failed, by path. A missing
 * field says "is required"; an unknown key (usually a typo) is named. For a union (an action with
 * two input forms), the form that came closest is reported — the one that knows most of the keys
 * given, then the one with fewest problems — since listing both buries the point.
 */
export function describeIssues(issues: readonly Issue[], value: unknown, root = "input"): string {
  return flatten(issues, value)
    .map((i) => `${issuePath(root, i.path)}: ${i.message}`)
    .join("; ");
}

function flatten(issues: readonly Issue[], value: unknown, prefix: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => unknownKeys(a) - unknownKeys(b) || a.length - b.length)[0]!;
      return flatten(closest, value, path);
    }
    if (issue.code === "unrecognized_keys") {
      const names = issue.keys.map((k) => `"${k}"`).join(", ");
      return [{ path, message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${names}` }];
    }
    if (issue.code === "invalid_type" && valueAt(value, path) === undefined) {
      return [{ path, message: `is required (${issue.expected})` }];
    }
    return [{ path, message: issue.message }];
  });
}

/** Like getIn, but through arrays too (issue paths index into lists). */
function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** How many of the input's keys a union branch did not know: the measure of "the wrong form". */
function unknownKeys(issues: readonly Issue[]): number {
  return issues.reduce((n, i) => n + (i.code === "unrecognized_keys" ? i.keys.length : 0), 0);
}
