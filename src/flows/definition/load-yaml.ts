import type { FlowDefinition } from "./schema.js";
import type { FlowValidationContext } from "./context.js";
import { dottedKey, type FlowError } from "./errors.js";
import { parseYamlSource } from "./yaml-source.js";
import { validateFlow } from "./validate.js";

export type FlowParseResult = { ok: true; flow: FlowDefinition } | { ok: false; errors: FlowError[] };

/** Parses and validates one flow file; every error carries the file line of what it is about. */
export function parseFlowYaml(text: string, file: string, ctx: FlowValidationContext): FlowParseResult {
  const source = parseYamlSource(text);
  if (!source.ok) {
    const { message, position } = source.error;
    return { ok: false, errors: [{ code: "YAML_SYNTAX", file, line: position?.line ?? null, column: position?.column ?? null, key: "", message }] };
  }
  if (source.data === null || source.data === undefined) {
    return { ok: false, errors: [{ code: "SHAPE_INVALID", file, line: 1, column: 1, key: "", message: "the file has no flow in it; a flow needs id, version, description, trigger and steps" }] };
  }
  const checked = validateFlow(source.data, ctx);
  if (checked.ok) return checked;
  const errors = checked.problems.map((p): FlowError => {
    const pos = source.locate(p.path, p.at);
    return { code: p.code, file, line: pos?.line ?? null, column: pos?.column ?? null, key: dottedKey(p.path), message: p.message };
  });
  return { ok: false, errors: sortByLine(errors) };
}

/** In file order, so the list reads top to bottom like the file (stable for equal lines). */
export function sortByLine(errors: FlowError[]): FlowError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.line ?? Infinity) - (b.e.line ?? Infinity) || (a.e.column ?? 0) - (b.e.column ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}
