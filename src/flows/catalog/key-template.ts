/**
 * The shape of an idempotency-key template, checked when an action is registered: every `{{` is
 * closed before the next one opens and holds an expression. The engine compiles the CEL inside;
 * this only catches the typo that would otherwise surface on the first run, as a failed step.
 * Returns what is wrong, or null.
 */
export function keyTemplateProblem(template: string): string | null {
  if (template.trim() === "") return "is empty";
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    const close = rest.indexOf("}}");
    if (open === -1) return close === -1 ? null : `has "}}" without an opening "{{"`;
    if (close !== -1 && close < open) return `has "}}" without an opening "{{"`;
    const end = rest.indexOf("}}", open + 2);
    if (end === -1) return `has "{{" without a closing "}}"`;
    const expr = rest.slice(open + 2, end);
    if (expr.includes("{{")) return `opens "{{" inside another "{{ … }}"`;
    if (expr.trim() === "") return "has an empty {{ }}";
    rest = rest.slice(end + 2);
  }
  return null;
}
