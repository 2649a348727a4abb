import type { ASTNode } from "@marcbachmann/cel-js";
import { contextVariable } from "./context.js";

/**
 * A direct evaluator for the expressions flows use most — field paths (`{{ order.name }}` in
 * every message template), literals, `==`/`!=` (with null checks), comparisons of numbers,
 * `x in ["a", "b"]`, `!`, `&&` and `||` — so they skip the library's activation, type dispatch
 * and result conversion: a replay evaluates some three quarters of a million of them. It answers
 * only when the answer is certain to be the library's; for anything else (a missing field, a
 * string ordered, a list or object returned, a Date, an undefined member) it says MISS and the
 * caller evaluates with CEL, which also writes the error message. A property test holds the two
 * to the same results on random expressions and contexts.
 */
export const MISS: unique symbol = Symbol("cel shortcut miss");
export type Shortcut = (ctx: Record<string, unknown>) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Values CEL reads from a plain context and hands back unchanged: strings, booleans, null, finite numbers. */
function settled(v: unknown): boolean {
  return typeof v === "string" || typeof v === "boolean" || v === null || (typeof v === "number" && Number.isFinite(v));
}

/** `a.b.c` as ["a", "b", "c"], or null when the node is not a plain `.`-chain from a variable. */
function pathOf(node: ASTNode): string[] | null {
  const out: string[] = [];
  let n: ASTNode = node;
  while (n.op === ".") {
    const [target, field] = n.args as [ASTNode, unknown];
    if (typeof field !== "string") return null;
    out.push(field);
    n = target;
  }
  if (n.op !== "id" || typeof n.args !== "string") return null;
  out.push(n.args);
  return out.reverse();
}

/**
 * The value at `path` in a context (a variable, see `contextVariable`), whatever it is, or MISS
 * when the variable is absent or any further step is not a plain object's own field.
 */
function readAny(path: readonly string[]): Shortcut {
  // A root Object.prototype also has (`constructor`) is resolved specially by the compiled expression.
  if (path[0]! in Object.prototype) return () => MISS;
  const root = path[0]!;
  return (ctx) => {
    let v: unknown = contextVariable(ctx, root);
    if (v === undefined) return MISS;
    for (let i = 1; i < path.length; i++) {
      if (!isPlainObject(v)) return MISS;
      const key = path[i]!;
      if (!hasOwn.call(v, key)) return MISS;
      v = v[key];
      if (v === undefined) return MISS;
    }
    return v;
  };
}

function readPath(path: readonly string[]): Shortcut {
  const read = readAny(path);
  return (ctx) => {
    const v = read(ctx);
    return settled(v) ? v : MISS;
  };
}

/**
 * Plain JSON all the way down. The library types a map or list by its members before comparing it
 * with null, and fails on an undefined one; other objects (a Date, a Map, a lossless number) are
 * converted first and may become null. Those are left to it. Views are reused across many
 * evaluations, so the walk is done once per object.
 */
const json = new WeakSet<object>();
function isJson(v: unknown, depth: number): boolean {
  if (typeof v !== "object" || v === null) return typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null;
  if (json.has(v)) return true;
  if (depth > 32) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!isJson(x, depth + 1)) return false;
  } else if (isPlainObject(v)) {
    for (const k in v) if (!isJson(v[k], depth + 1)) return false;
  } else return false;
  json.add(v);
  return true;
}

/** `x == null` / `x != null` for a field that holds anything: only null equals null. */
function nullCheck(path: readonly string[], equal: boolean): Shortcut {
  const read = readAny(path);
  return (ctx) => {
    const v = read(ctx);
    if (v === MISS || (typeof v === "object" && v !== null && !isJson(v, 0))) return MISS;
    return (v === null) === equal;
  };
}

/** A literal CEL hands back as the same JS value (strings, booleans, null, doubles); ints are bigints there. */
function literalOf(node: ASTNode): Shortcut | null {
  if (node.op !== "value") return null;
  const v: unknown = node.args;
  return settled(v) ? () => v : null;
}

/** A number operand for a comparison: a double read or written, or an int literal CEL compares exactly. */
function numberOf(node: ASTNode): Shortcut | null {
  if (node.op === "value" && typeof node.args === "bigint") {
    const n = node.args;
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) return null;
    const v = Number(n);
    return () => v;
  }
  return shortcutOf(node);
}

const RELATIONS: Record<string, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

/** The evaluator for `node`, or null when the node is outside the subset. */
export function shortcutOf(node: ASTNode): Shortcut | null {
  const path = pathOf(node);
  if (path !== null) return readPath(path);
  const literal = literalOf(node);
  if (literal !== null) return literal;
  switch (node.op) {
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return compare(node.op, node.args as [ASTNode, ASTNode]);
    case "in":
      return membership(node.args as [ASTNode, ASTNode]);
    case "!_": {
      const inner = shortcutOf(node.args as ASTNode);
      if (inner === null) return null;
      return (ctx) => {
        const v = inner(ctx);
        return typeof v === "boolean" ? !v : MISS;
      };
    }
    case "&&":
    case "||":
      return logical(node.op, node.args as [ASTNode, ASTNode]);
    default:
      return null;
  }
}

function compare(op: string, [l, r]: [ASTNode, ASTNode]): Shortcut | null {
  if (op === "==" || op === "!=") {
    const isNull = (n: ASTNode) => n.op === "value" && n.args === null;
    const path = isNull(r) ? pathOf(l) : isNull(l) ? pathOf(r) : null;
    if (path !== null) return nullCheck(path, op === "==");
  }
  const a = numberOf(l);
  const b = numberOf(r);
  if (a === null || b === null) return null;
  const relation = RELATIONS[op]!;
  const equality = op === "==" || op === "!=";
  return (ctx) => {
    const x = a(ctx);
    if (x === MISS) return MISS;
    const y = b(ctx);
    if (y === MISS) return MISS;
    if (typeof x === "number" && typeof y === "number") return relation(x, y);
    if (!equality) return MISS; // strings order by code point in CEL, not by UTF-16 unit as in JS
    // Equality across strings, booleans and null is by value; a number against anything else is left to CEL.
    if (typeof x === "number" || typeof y === "number") return MISS;
    return (x === y) === (op === "==");
  };
}

/** `x in ["a", "b"]` with a string `x` and a literal list of strings. */
function membership([l, r]: [ASTNode, ASTNode]): Shortcut | null {
  const read = shortcutOf(l);
  if (read === null || r.op !== "list") return null;
  const items = r.args as ASTNode[];
  if (!items.every((i) => i.op === "value" && typeof i.args === "string")) return null;
  const set = new Set(items.map((i) => i.args as string));
  return (ctx) => {
    const v = read(ctx);
    return typeof v === "string" ? set.has(v) : MISS;
  };
}

/**
 * CEL's `&&` is false when either side is false, even if the other cannot be evaluated (and `||`
 * true when either is true): a side outside the subset only matters when the other does not decide.
 */
function logical(op: "&&" | "||", [l, r]: [ASTNode, ASTNode]): Shortcut | null {
  const [sa, sb] = [shortcutOf(l), shortcutOf(r)];
  if (sa === null && sb === null) return null;
  const a = sa ?? (() => MISS);
  const b = sb ?? (() => MISS);
  const decisive = op === "||";
  return (ctx) => {
    const x = a(ctx);
    if (x === decisive) return decisive;
    const y = b(ctx);
    if (y === decisive) return decisive;
    return typeof x === "boolean" && typeof y === "boolean" ? !decisive : MISS;
  };
}
