import { scanTemplate } from "../conditions/template.js";

/** A string with `{{ cel }}` holes, split into literal text and expressions. */
export type TemplatePart = { text: string } | { expr: string };

export type TemplateResult = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

/**
 * Splits `Late: {{ order.name }}` into parts with the engine's own scanner (src/flows/conditions),
 * so load-time validation and run-time rendering never disagree about where a hole ends.
 */
export function splitTemplate(source: string): TemplateResult {
  const scanned = scanTemplate(source);
  if (scanned.error !== null) return { ok: false, message: scanned.error };
  return { ok: true, parts: scanned.pieces.map((p) => (p.kind === "expr" ? { expr: p.source } : { text: p.text })) };
}

/** The CEL sources embedded in a template string, or the template's own error. */
export function templateExpressions(source: string): { ok: true; exprs: string[] } | { ok: false; message: string } {
  const split = splitTemplate(source);
  if (!split.ok) return split;
  return { ok: true, exprs: split.parts.flatMap((p) => ("expr" in p ? [p.expr] : [])) };
}
