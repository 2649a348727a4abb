/** A string with `{{ cel }}` holes, split into literal text and expressions. */
export type TemplatePart = { text: string } | { expr: string };

export type TemplateResult = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

/**
 * Splits `Late: {{ order.name }}` into parts. The first `}}` closes a hole, so an expression
 * cannot itself contain `}}` (write `} }` inside a CEL map literal).
 */
export function splitTemplate(source: string): TemplateResult {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf("{{", at);
    if (open === -1) {
      parts.push({ text: source.slice(at) });
      break;
    }
    if (open > at) parts.push({ text: source.slice(at, open) });
    const close = source.indexOf("}}", open + 2);
    if (close === -1) return { ok: false, message: `"{{" at character ${open + 1} is never closed with "}}"` };
    const expr = source.slice(open + 2, close).trim();
    if (expr === "") return { ok: false, message: `empty "{{ }}" at character ${open + 1}` };
    parts.push({ expr });
    at = close + 2;
  }
  return { ok: true, parts };
}

/** The CEL sources embedded in a template string, or the template's own error. */
export function templateExpressions(source: string): { ok: true; exprs: string[] } | { ok: false; message: string } {
  const split = splitTemplate(source);
  if (!split.ok) return split;
  return { ok: true, exprs: split.parts.flatMap((p) => ("expr" in p ? [p.expr] : [])) };
}
