import { EvaluationError, ParseError, TypeError as CelTypeError, serialize, type ASTNode } from "@marcbachmann/cel-js";

interface Located {
  readonly summary?: string;
  readonly message: string;
  readonly range?: { readonly start: number };
  readonly node?: { readonly pos: number; readonly start?: number };
}

/** The library's one-line summary (its `message` adds a multi-line source excerpt we do not want in a reason). */
const summaryOf = (e: Located): string => e.summary ?? e.message.split("\n")[0] ?? e.message;

/** `Unexpected token: EOF at column 4 of "order.total_price >"`. */
export function describeCompileError(e: unknown, source: string): string {
  if (e instanceof ParseError || e instanceof CelTypeError) {
    const start = e.range?.start ?? e.node?.pos;
    const where = start === undefined ? "" : ` at column ${start + 1}`;
    const kind = e instanceof CelTypeError ? "type error: " : "";
    return `${kind}${summaryOf(e)}${where} of ${JSON.stringify(source)}`;
  }
  return `cannot compile ${JSON.stringify(source)}: ${e instanceof Error ? e.message : String(e)}`;
}

const isAst = (n: unknown): n is ASTNode => typeof n === "object" && n !== null && "op" in n && "args" in n && typeof (n as { toOldStructure?: unknown }).toOldStructure === "function";

/**
 * An evaluation failure as an operator reads it. A missing field names its path
 * (`order.foo has no such field`); other errors keep the library's words and say where.
 */
export function describeEvalError(e: unknown): string {
  if (!(e instanceof EvaluationError)) return `internal error: ${e instanceof Error ? e.message : String(e)}`;
  const node = isAst(e.node) ? e.node : undefined;
  const summary = summaryOf(e);
  if (node === undefined) return summary;
  const where = safeSerialize(node);
  if (e.code === "no_such_key") return node.op === "." ? `${where} has no such field` : `${where} has no such key`;
  if (node.op === "id") return summary;
  return where === null ? summary : `${summary} (in ${where})`;
}

function safeSerialize(node: ASTNode): string | null {
  try {
    return serialize(node);
  } catch {
    return null;
  }
}
