import { compileExpr, type CompiledExpr } from "./compile.js";
import { setOwn } from "./context.js";

/**
 * Step inputs and key templates: strings may embed CEL in `{{ … }}`. A string that is exactly one
 * `{{ expr }}` yields the expression's typed value (a number stays a number, a list a list);
 * otherwise each value is written into the text. Objects and arrays are walked; other values
 * pass through unchanged. Object keys are never templated.
 */
export type Template =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "expr"; readonly expr: CompiledExpr }
  | { readonly kind: "text"; readonly parts: ReadonlyArray<string | CompiledExpr> }
  | { readonly kind: "list"; readonly items: readonly Template[] }
  | { readonly kind: "map"; readonly entries: ReadonlyArray<readonly [string, Template]> };

export type CompileTemplateResult = { ok: true; template: Template } | { ok: false; code: "CEL_SYNTAX"; message: string; path: string };
export type RenderTemplateResult = { ok: true; value: unknown } | { ok: false; code: "TEMPLATE_ERROR"; message: string; path: string };

export type Piece = { kind: "text"; text: string } | { kind: "expr"; source: string };
/** The pieces read so far, and what stopped the reading if it could not finish. */
export type Scan = { pieces: Piece[]; error: string | null };

/**
 * Splits a string into text and `{{ … }}` pieces. The closing `}}` is found by reading the CEL
 * inside: braces of map literals and `}}` inside string literals do not end the expression.
 */
export function scanTemplate(s: string): Scan {
  const pieces: Piece[] = [];
  let i = 0;
  for (;;) {
    const open = s.indexOf("{{", i);
    if (open < 0) break;
    if (open > i) pieces.push({ kind: "text", text: s.slice(i, open) });
    const close = findClose(s, open + 2);
    if (close === null) return { pieces, error: `"{{" at column ${open + 1} is never closed with "}}"` };
    const source = s.slice(open + 2, close).trim();
    if (source === "") return { pieces, error: `"{{ }}" at column ${open + 1} is empty` };
    pieces.push({ kind: "expr", source });
    i = close + 2;
  }
  if (i < s.length) pieces.push({ kind: "text", text: s.slice(i) });
  return { pieces, error: null };
}

/** Index of the `}}` that ends the expression starting at `from`, or null. */
function findClose(s: string, from: number): number | null {
  let depth = 0;
  let j = from;
  while (j < s.length) {
    const c = s[j];
    if (c === '"' || c === "'") {
      const end = skipString(s, j);
      if (end === null) return null;
      j = end;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0 && s[j + 1] === "}") return j;
      if (depth > 0) depth--;
    }
    j++;
  }
  return null;
}

/** Index just past the CEL string literal whose quote is at `q` (single, triple and raw forms). */
function skipString(s: string, q: number): number | null {
  const quote = s[q] as string;
  const raw = /[rR]/.test(s[q - 1] ?? "") && !/[A-Za-z0-9_]/.test(s[q - 2] ?? "");
  const delim = s.startsWith(quote.repeat(3), q) ? quote.repeat(3) : quote;
  let j = q + delim.length;
  while (j < s.length) {
    if (!raw && s[j] === "\\") {
      j += 2;
      continue;
    }
    if (s.startsWith(delim, j)) return j + delim.length;
    j++;
  }
  return null;
}

const childPath = (parent: string, key: string | number): string =>
  typeof key === "number" ? `${parent}[${key}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (parent === "" ? key : `${parent}.${key}`) : `${parent}[${JSON.stringify(key)}]`;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Compiles every embedded expression; the first that does not compile is reported with its path (`properties.reason`, `items[0]`; "" is the value itself). */
export function compileTemplate(value: unknown): CompileTemplateResult {
  return compileAt(value, "");
}

function compileAt(value: unknown, path: string): CompileTemplateResult {
  if (typeof value === "string") return compileString(value, path);
  if (Array.isArray(value)) {
    const items: Template[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = compileAt(value[i], childPath(path, i));
      if (!r.ok) return r;
      items.push(r.template);
    }
    return { ok: true, template: { kind: "list", items } };
  }
  if (isPlainObject(value)) {
    const entries: Array<readonly [string, Template]> = [];
    for (const [k, v] of Object.entries(value)) {
      const r = compileAt(v, childPath(path, k));
      if (!r.ok) return r;
      entries.push([k, r.template]);
    }
    return { ok: true, template: { kind: "map", entries } };
  }
  return { ok: true, template: { kind: "value", value } };
}

function compileString(s: string, path: string): CompileTemplateResult {
  const scanned = scanTemplate(s);
  if (scanned.error !== null) return { ok: false, code: "CEL_SYNTAX", message: scanned.error, path };
  const parts: Array<string | CompiledExpr> = [];
  for (const p of scanned.pieces) {
    if (p.kind === "text") {
      parts.push(p.text);
      continue;
    }
    const c = compileExpr(p.source);
    if (!c.ok) return { ok: false, code: "CEL_SYNTAX", message: `in {{ ${p.source} }}: ${c.message}`, path };
    parts.push(c.expr);
  }
  if (parts.length === 0) return { ok: true, template: { kind: "value", value: s } };
  const [only] = parts;
  if (parts.length === 1 && typeof only === "string") return { ok: true, template: { kind: "value", value: only } };
  if (parts.length === 1 && typeof only === "object") return { ok: true, template: { kind: "expr", expr: only } };
  return { ok: true, template: { kind: "text", parts } };
}

/** Evaluates a compiled template against a context. Never throws. */
export function renderTemplate(t: Template, ctx: Record<string, unknown>): RenderTemplateResult {
  return renderAt(t, ctx);
}

/**
 * A failure's path, one level up: `key` then the path inside it. Paths are put together only when
 * something fails, on the way out, not for every value rendered (a regular expression and a string
 * per key, on every action of every run, when nothing fails).
 */
function under(key: string | number, failed: Extract<RenderTemplateResult, { ok: false }>): RenderTemplateResult {
  const at = childPath("", key);
  return { ...failed, path: failed.path === "" ? at : failed.path.startsWith("[") ? `${at}${failed.path}` : `${at}.${failed.path}` };
}

/** The value, or the first failure with its path inside `t` ("" is `t` itself). */
function renderAt(t: Template, ctx: Record<string, unknown>): RenderTemplateResult {
  const path = "";
  switch (t.kind) {
    case "value":
      return { ok: true, value: t.value };
    case "expr": {
      const r = t.expr.evaluate(ctx);
      return r.ok ? r : { ok: false, code: "TEMPLATE_ERROR", message: `cannot evaluate {{ ${t.expr.source} }}: ${r.message}`, path };
    }
    case "text": {
      let out = "";
      for (const part of t.parts) {
        if (typeof part === "string") {
          out += part;
          continue;
        }
        const r = part.evaluate(ctx);
        if (!r.ok) return { ok: false, code: "TEMPLATE_ERROR", message: `cannot evaluate {{ ${part.source} }}: ${r.message}`, path };
        // An empty string in place of null would, in an idempotency or frequency key, merge every
        // customer into one key; so null in text is an error the author resolves in CEL.
        if (r.value === null) return { ok: false, code: "TEMPLATE_ERROR", message: `{{ ${part.source} }} is null and cannot be written into text; give a default in CEL, e.g. {{ x != null ? x : "" }}`, path };
        out += typeof r.value === "string" ? r.value : typeof r.value === "object" ? JSON.stringify(r.value) : String(r.value);
      }
      return { ok: true, value: out };
    }
    case "list": {
      const items: unknown[] = [];
      for (let i = 0; i < t.items.length; i++) {
        const r = renderAt(t.items[i] as Template, ctx);
        if (!r.ok) return under(i, r);
        items.push(r.value);
      }
      return { ok: true, value: items };
    }
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [k, item] of t.entries) {
        const r = renderAt(item, ctx);
        if (!r.ok) return under(k, r);
        setOwn(out, k, r.value);
      }
      return { ok: true, value: out };
    }
  }
}

/** The CEL sources embedded in a value, in order, each once (for load-time validation and docs). A malformed `{{` ends that string's list. */
export function templateExpressions(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const p of scanTemplate(v).pieces) if (p.kind === "expr") found.add(p.source);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
}
