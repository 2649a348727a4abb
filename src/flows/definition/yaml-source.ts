import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { FlowPath } from "./errors.js";

export interface Position {
  line: number;
  column: number;
}

export type YamlSource =
  | { ok: true; data: unknown; locate(path: FlowPath, at: "key" | "value"): Position | null }
  | { ok: false; error: { message: string; position: Position | null } };

/** Hints for the YAML mistakes people make most, keyed by the `yaml` package's error codes. */
const HINTS: Record<string, string> = {
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  DUPLICATE_KEY: "a key appears twice in the same mapping",
  MULTIPLE_DOCS: "one flow per file: remove the `---` document separator",
};

/**
 * Parses YAML and keeps the way back from a data path to a line: `locate` gives the node's
 * position, or its key's (unknown keys), or the nearest enclosing node's when the path does not
 * exist (a missing key is reported where it should have been).
 */
export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    // Later YAML errors mostly follow from the first; one precise error beats a cascade.
    const [pos] = first.linePos ?? [];
    const base = first.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    const hint = HINTS[first.code];
    return { ok: false, error: { message: hint ? `${hint} (${base})` : base, position: pos ? { line: pos.line, column: pos.col } : null } };
  }
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    ok: true,
    data: doc.toJS({ maxAliasCount: 100 }),
    locate(path, where) {
      if (where === "key" && path.length > 0) {
        const keyNode = keyNodeOf(doc, path);
        if (keyNode?.range) return at(keyNode.range[0]);
      }
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined);
        if (!node || typeof node !== "object" || !("range" in node) || !node.range) continue;
        // A missing key is reported at the key that should hold it (`branch:`), not at the
        // first line of that mapping's contents.
        const holder = n < path.length && n > 0 && typeof path[n - 1] === "string" ? keyNodeOf(doc, path.slice(0, n)) : null;
        return at(holder?.range ? holder.range[0] : node.range[0]);
      }
      return null;
    },
  };
}

function keyNodeOf(doc: Document, path: FlowPath): { range?: [number, number, number] | null | undefined } | null {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  if (!isMap(parent)) return null;
  const name = String(path[path.length - 1]);
  const pair = parent.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === name);
  return pair && isScalar(pair.key) ? pair.key : null;
}
