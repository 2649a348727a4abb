import { z } from "zod";
import { serialize, type ASTNode } from "@marcbachmann/cel-js";
import { compileExpr, internalsOf, type CompiledExpr, type RawEvalResult } from "./compile.js";
import { setOwn, toPlainValue } from "./context.js";
import { celTypeName, renderCel } from "./render.js";

/** A condition's result as recorded on a run: what it was, whether it held, and why. */
export const ConditionOutcome = z.object({
  expr: z.string(),
  match: z.boolean(),
  /** A sentence for an operator: `order.total_price is 42.0, expected > 100`. */
  reason: z.string(),
  /** Each field path the expression reads (`order.total_price`), with its plain value. */
  values: z.record(z.string(), z.unknown()),
});
export type ConditionOutcome = z.infer<typeof ConditionOutcome>;

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
/** `100 < order.total_price` is explained as `order.total_price is 42.0, expected > 100`. */
const FLIPPED: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };
/** Macros whose first arguments are variables they bind, not context fields. */
const MACROS = new Set(["all", "exists", "exists_one", "map", "filter", "bind", "sortBy", "transformList", "transformMap"]);

/**
 * Evaluates a condition and says why it did or did not hold. Never throws: an evaluation error
 * or a non-bool result is a non-match whose reason says so.
 */
export function evaluateCondition(expr: CompiledExpr, ctx: Record<string, unknown>): ConditionOutcome {
  const inner = internalsOf(expr);
  if (inner === null) return { expr: expr.source, match: false, reason: `cannot evaluate: ${expr.source} does not compile`, values: {} };
  const sub = subEvaluator(ctx);
  const values = fieldValues(inner.ast, sub);
  const result = inner.evaluateRaw(ctx);
  if (!result.ok) return { expr: expr.source, match: false, reason: `cannot evaluate: ${result.message}`, values };
  if (typeof result.value !== "boolean") {
    const got = result.value === null ? "null" : `${celTypeName(result.value)} ${renderCel(result.value)}`;
    return { expr: expr.source, match: false, reason: `condition must be true or false, got ${got}`, values };
  }
  let reason: string;
  try {
    reason = explainAs(inner.ast, result.value, sub);
  } catch {
    // Explanations are best effort; the match itself came from the real evaluation above.
    reason = `${expr.source} is ${String(result.value)}`;
  }
  return { expr: expr.source, match: result.value, reason, values };
}

type Sub = (node: ASTNode) => { source: string; result: RawEvalResult };

/** A sub-expression compiled on its own, kept per AST node (ASTs live as long as their cached expression). */
interface SubExpr {
  readonly source: string;
  readonly run: ((ctx: Record<string, unknown>) => RawEvalResult) | null;
}
const subExprs = new WeakMap<ASTNode, SubExpr>();

function subExprOf(node: ASTNode): SubExpr {
  let s = subExprs.get(node);
  if (s === undefined) {
    const source = serialize(node);
    const c = compileExpr(source);
    const inner = c.ok ? internalsOf(c.expr) : null;
    s = { source, run: inner === null ? null : inner.evaluateRaw };
    subExprs.set(node, s);
  }
  return s;
}

const sourceOf = (node: ASTNode): string => subExprOf(node).source;

/** Evaluates sub-expressions by their canonical source, once each per condition. */
function subEvaluator(ctx: Record<string, unknown>): Sub {
  const memo = new Map<string, RawEvalResult>();
  return (node) => {
    const { source, run } = subExprOf(node);
    let result = memo.get(source);
    if (result === undefined) {
      result = run === null ? { ok: false, message: `${source} does not compile on its own` } : run(ctx);
      memo.set(source, result);
    }
    return { source, result };
  };
}

/** Explains a node whose value is already known. */
function explainAs(node: ASTNode, value: unknown, sub: Sub): string {
  switch (node.op) {
    case "&&":
    case "||": {
      const [l, r] = node.args;
      const left = sub(l);
      const right = sub(r);
      // For &&, the side that decides a non-match is the one that is false (an error on the
      // other side is absorbed by CEL); for ||, the side that decides a match is the true one.
      const decisive = node.op === "&&" ? false : true;
      if (value === decisive) {
        const side = isValue(left.result, decisive) ? l : isValue(right.result, decisive) ? r : isValue(left.result, !decisive) ? r : l;
        return explain(side, sub);
      }
      return `${explain(l, sub)} and ${explain(r, sub)}`;
    }
    case "!_":
      return `not (${explain(node.args, sub)})`;
    case "in":
      return comparison(node.args[0], "in", node.args[1], sub);
    default:
      if (COMPARISONS.has(node.op)) {
        const [l, r] = node.args as [ASTNode, ASTNode];
        return isConstant(l) && !isConstant(r) ? comparison(r, FLIPPED[node.op] ?? node.op, l, sub) : comparison(l, node.op, r, sub);
      }
      return `${sourceOf(node)} is ${renderCel(value)}`;
  }
}

const isValue = (r: RawEvalResult, v: boolean): boolean => r.ok && r.value === v;

/** Explains any sub-expression, evaluating it first. */
function explain(node: ASTNode, sub: Sub): string {
  const { source, result } = sub(node);
  if (!result.ok) return `${source} cannot be evaluated: ${result.message}`;
  return explainAs(node, result.value, sub);
}

function comparison(left: ASTNode, op: string, right: ASTNode, sub: Sub): string {
  return `${operand(left, sub)}, expected ${op} ${expected(right, sub)}`;
}

function operand(node: ASTNode, sub: Sub): string {
  const { source, result } = sub(node);
  return result.ok ? `${source} is ${renderCel(result.value)}` : `${source} cannot be evaluated (${result.message})`;
}

/** A literal shows its value; a constant call (`duration("48h")`) its source; anything else both. */
function expected(node: ASTNode, sub: Sub): string {
  const { source, result } = sub(node);
  if (!result.ok) return `${source} (cannot be evaluated: ${result.message})`;
  if (isLiteral(node)) return renderCel(result.value);
  if (isConstant(node)) return source;
  return `${source} (${renderCel(result.value)})`;
}

function isLiteral(node: ASTNode): boolean {
  switch (node.op) {
    case "value":
      return true;
    case "-_":
      return node.args.op === "value";
    case "list":
      return node.args.every(isLiteral);
    case "map":
      return node.args.every(([k, v]) => isLiteral(k) && isLiteral(v));
    default:
      return false;
  }
}

const constants = new WeakMap<ASTNode, boolean>();

/** No variable anywhere below: the value is the same in every context. */
function isConstant(node: ASTNode): boolean {
  let constant = constants.get(node);
  if (constant === undefined) {
    constant = true;
    walk(node, (n) => {
      if (n.op === "id") constant = false;
    });
    constants.set(node, constant);
  }
  return constant;
}

function walk(n: unknown, f: (node: ASTNode) => void): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, f);
    return;
  }
  if (typeof n !== "object" || n === null || !("op" in n)) return;
  const node = n as ASTNode;
  f(node);
  if (node.op !== "value" && node.op !== "id") walk(node.args, f);
}

/**
 * The fields an expression reads, with their plain values: every chain of `.` selections that
 * starts at a context variable (`order.total_price`), and bare variables (`holds`, `now`).
 * Variables bound by macros (`t` in `tags.exists(t, …)`) are not context fields. A path that
 * cannot be read (a missing field) is left out.
 */
function fieldValues(ast: ASTNode, sub: Sub): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, node] of pathsOf(ast)) {
    const { result } = sub(node);
    if (result.ok) setOwn(out, path, toPlainValue(result.value));
  }
  return out;
}

const pathCache = new WeakMap<ASTNode, ReadonlyMap<string, ASTNode>>();

function pathsOf(ast: ASTNode): ReadonlyMap<string, ASTNode> {
  const cached = pathCache.get(ast);
  if (cached !== undefined) return cached;
  const paths = new Map<string, ASTNode>();
  const visit = (n: unknown, bound: ReadonlySet<string>): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x, bound);
      return;
    }
    if (typeof n !== "object" || n === null || !("op" in n)) return;
    const node = n as ASTNode;
    const root = pathRoot(node);
    if (root !== null) {
      if (!bound.has(root)) paths.set(sourceOf(node), node);
      return;
    }
    if (node.op === "value") return;
    if (node.op === "rcall" && MACROS.has(node.args[0])) {
      const [, target, args] = node.args;
      const names = new Set(bound);
      args.slice(0, -1).forEach((a) => a.op === "id" && names.add(a.args));
      // `cel.bind(…)`: `cel` is a namespace, not a variable.
      if (node.args[0] !== "bind") visit(target, bound);
      visit(args, names);
      return;
    }
    visit(node.args, bound);
  };
  visit(ast, new Set());
  pathCache.set(ast, paths);
  return paths;
}

/** The variable a `.`-chain starts from, or null when the node is not such a chain. */
function pathRoot(node: ASTNode): string | null {
  let n: ASTNode = node;
  while (n.op === ".") n = n.args[0];
  return n.op === "id" ? n.args : null;
}
