import type { ASTNode, ParseResult } from "@marcbachmann/cel-js";
import { celEnvironment } from "./env.js";
import { contextVariable, toCelValue, toPlainValue } from "./context.js";
import { describeCompileError, describeEvalError } from "./errors.js";
import { MISS, shortcutOf } from "./shortcut.js";

export type EvalResult = { ok: true; value: unknown } | { ok: false; code: "CEL_EVAL_ERROR"; message: string };

/** A CEL expression compiled once and evaluated many times. `evaluate` never throws. */
export interface CompiledExpr {
  readonly source: string;
  /** Returns a plain JS value (see `toPlainValue`), or the evaluation error as a value. */
  evaluate(ctx: Record<string, unknown>): EvalResult;
}

export type CompileResult = { ok: true; expr: CompiledExpr } | { ok: false; code: "CEL_SYNTAX"; message: string };

/** An evaluation before the result is made plain: explain.ts needs CEL's own types (int vs double). */
export type RawEvalResult = { ok: true; value: unknown } | { ok: false; message: string };

interface Internals {
  readonly ast: ASTNode;
  evaluateRaw(ctx: Record<string, unknown>): RawEvalResult;
  /** The library alone, without the shortcut (what tests hold the shortcut to). */
  evaluateCel(ctx: Record<string, unknown>): RawEvalResult;
}

const internals = new WeakMap<CompiledExpr, Internals>();

/** Enough for every expression of every loaded flow plus the sub-expressions explanations evaluate. */
const CACHE_LIMIT = 5000;
const cache = new Map<string, CompiledExpr>();

/**
 * Compiles a CEL source: parses it and type-checks it with every variable `dyn`, so
 * `x.a > 1 && "yes"` is refused at load time rather than at the first run. Type errors are
 * reported under CEL_SYNTAX too (message starts with "type error:"): both mean "fix the text".
 */
export function compileExpr(source: string): CompileResult {
  const hit = cache.get(source);
  if (hit !== undefined) return { ok: true, expr: hit };
  let parsed: ParseResult;
  try {
    parsed = celEnvironment.parse(source);
    const checked = parsed.check();
    if (!checked.valid) return { ok: false, code: "CEL_SYNTAX", message: describeCompileError(checked.error, source) };
  } catch (e) {
    return { ok: false, code: "CEL_SYNTAX", message: describeCompileError(e, source) };
  }
  const expr = build(source, parsed);
  // Full means expressions are being made up on the fly (flows have a few hundred): start over
  // rather than keep a recency order, whose upkeep on every hit cost more than the lookup.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, expr);
  return { ok: true, expr };
}

function build(source: string, parsed: ParseResult): CompiledExpr {
  const roots = rootNames(parsed.ast);
  const bare = roots.some((r) => r in Object.prototype);
  const evaluateCel = (ctx: Record<string, unknown>): RawEvalResult => {
    try {
      return { ok: true, value: parsed(activation(ctx, roots, bare)) as unknown };
    } catch (e) {
      return { ok: false, message: describeEvalError(e) };
    }
  };
  const shortcut = shortcutOf(parsed.ast);
  // The shortcut's values (strings, booleans, null, finite numbers) are the same raw and plain.
  const evaluateRaw = shortcut === null ? evaluateCel : (ctx: Record<string, unknown>): RawEvalResult => {
    const v = shortcut(ctx);
    return v === MISS ? evaluateCel(ctx) : { ok: true, value: v };
  };
  const expr: CompiledExpr = {
    source,
    evaluate(ctx) {
      const r = evaluateRaw(ctx);
      if (!r.ok) return { ok: false, code: "CEL_EVAL_ERROR", message: r.message };
      try {
        return { ok: true, value: toPlainValue(r.value) };
      } catch (e) {
        return { ok: false, code: "CEL_EVAL_ERROR", message: describeEvalError(e) };
      }
    },
  };
  internals.set(expr, { ast: parsed.ast, evaluateRaw, evaluateCel });
  return expr;
}

/**
 * Only the variables an expression names are converted. A root that Object.prototype also has
 * (`constructor`, `toString`) gets a null-prototype activation so it is never found there; the
 * common case keeps a plain object, which the engine creates much faster.
 */
function activation(ctx: Record<string, unknown>, roots: readonly string[], bare: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = bare ? (Object.create(null) as Record<string, unknown>) : {};
  for (const name of roots) {
    const v = contextVariable(ctx, name);
    if (v !== undefined) out[name] = toCelValue(v);
  }
  return out;
}

/** Every identifier in the expression; macro variables included (harmless: the macro shadows them). */
function rootNames(ast: ASTNode): string[] {
  const names = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (typeof n !== "object" || n === null || !("op" in n)) return;
    const node = n as ASTNode;
    if (node.op === "id") names.add(node.args);
    else if (node.op !== "value") visit(node.args);
  };
  visit(ast);
  return [...names];
}

/** The AST and the raw evaluator behind a compiled expression (for explanations). */
export function internalsOf(expr: CompiledExpr): Internals | null {
  const known = internals.get(expr);
  if (known !== undefined) return known;
  // A CompiledExpr built elsewhere (a test double): compile its source.
  const again = compileExpr(expr.source);
  return again.ok ? (internals.get(again.expr) ?? null) : null;
}

/** Compiles and evaluates in one go, for call sites that hold only a source. */
export function evaluateSource(source: string, ctx: Record<string, unknown>): EvalResult | { ok: false; code: "CEL_SYNTAX"; message: string } {
  const c = compileExpr(source);
  return c.ok ? c.expr.evaluate(ctx) : c;
}
