import type { z } from "zod";

/** "line_items: expected array, received string" — the first zod issue with the field path that failed. */
export function describeZodError(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid payload`;
  const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${prefix}: ${path}: ${issue.message}${more}`;
}
