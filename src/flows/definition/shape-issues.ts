import { z } from "zod";
import { unionSelectorOf } from "./union-select.js";
import { describeValue, isPlainObject } from "./schema.js";
import { suggestion } from "./did-you-mean.js";
import { dottedKey, type FlowPath, type FlowProblem } from "./errors.js";

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into problems a person can act on: one issue per mistake, against the one
 * union option the author meant (the step kind present), unknown keys with a did-you-mean,
 * "missing required key" instead of "expected string, received undefined".
 */
export function shapeProblems(root: z.ZodType, raw: unknown, issues: readonly Issue[]): FlowProblem[] {
  const out: FlowProblem[] = [];
  const seen = new Set<string>();
  const add = (p: FlowProblem) => {
    const id = `${dottedKey(p.path)}\u0000${p.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(p);
    }
  };
  const problem = (path: FlowPath, message: string, at: "key" | "value" = "value"): FlowProblem => ({ code: "SHAPE_INVALID", path, at, message });

  const handle = (issue: Issue, prefix: FlowPath): void => {
    const path = [...prefix, ...(issue.path as Array<string | number>)];
    const walked = walk(root, raw, path, issue.code !== "invalid_union");
    if (!walked.ok) return add(walked.problem);
    const value = valueAt(raw, path);
    switch (issue.code) {
      case "invalid_union": {
        const select = walked.node ? unionSelectorOf(walked.node) : undefined;
        const choice = select?.(value);
        if (choice && "option" in choice && issue.errors[choice.option]) {
          for (const inner of issue.errors[choice.option]!) handle(inner, path);
          return;
        }
        return add(problem(path, `${describeValue(value)} does not match any allowed shape`));
      }
      case "unrecognized_keys": {
        const known = walked.node instanceof z.ZodObject ? Object.keys(walked.node.shape) : [];
        for (const key of issue.keys) add(problem([...path, key], `unknown key "${key}"${suggestion(key, known)}`, "key"));
        return;
      }
      case "invalid_type": {
        if (value === undefined) return add(problem(path, `missing required key "${String(path[path.length - 1])}"`));
        return add(problem(path, `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(value)}`));
      }
      case "too_small":
        return add(problem(path, tooSmall(issue, value)));
      case "too_big":
        return add(problem(path, `must be at most ${String(issue.maximum)}, got ${describeValue(value)}`));
      case "invalid_format":
        return add(problem(path, `${JSON.stringify(value)} is not valid: ${issue.message}`));
      case "invalid_value":
        return add(problem(path, `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(value)}`));
      default:
        return add(problem(path, issue.message));
    }
  };

  for (const issue of issues) handle(issue, []);
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

function tooSmall(issue: Extract<Issue, { code: "too_small" }>, value: unknown): string {
  const min = Number(issue.minimum);
  if (issue.origin === "array") return min === 1 ? "must have at least one item" : `must have at least ${min} items`;
  if (issue.origin === "string") return min === 1 ? "must not be empty" : `must be at least ${min} characters`;
  return `must be at least ${min}, got ${describeValue(value)}`;
}

/** The raw value at a path (arrays included), or undefined where the path breaks off. */
export function valueAt(raw: unknown, path: FlowPath): unknown {
  let at = raw;
  for (const seg of path) {
    if (Array.isArray(at) && typeof seg === "number") at = at[seg];
    else if (isPlainObject(at)) at = at[String(seg)];
    else return undefined;
  }
  return at;
}

type Walked = { ok: true; node: z.ZodType | undefined } | { ok: false; problem: FlowProblem };

/**
 * Follows a path down the schema, choosing union options the way the author meant them; stops
 * with a problem at the first union the raw value cannot choose (a step with two kinds or none).
 * `resolveLast` false leaves a union at the very end unresolved (to read its selector).
 */
function walk(root: z.ZodType, raw: unknown, path: FlowPath, resolveLast: boolean): Walked {
  let node: z.ZodType | undefined = unwrap(root);
  for (let i = 0; i <= path.length && node; i++) {
    const here = path.slice(0, i);
    while (node instanceof z.ZodUnion) {
      const select = unionSelectorOf(node);
      if (!select) break;
      const choice = select(valueAt(raw, here));
      if ("problem" in choice) {
        const at = choice.key === undefined ? here : [...here, choice.key];
        return { ok: false, problem: { code: "SHAPE_INVALID", path: at, at: choice.key === undefined ? "value" : "key", message: choice.problem } };
      }
      if (i === path.length && !resolveLast) break;
      node = unwrap(node.options[choice.option] as z.ZodType);
    }
    if (i === path.length) break;
    node = child(node, path[i]!);
  }
  return { ok: true, node };
}

function unwrap(node: z.ZodType): z.ZodType {
  let at: z.ZodType = node;
  for (;;) {
    if (at instanceof z.ZodLazy || at instanceof z.ZodOptional || at instanceof z.ZodDefault || at instanceof z.ZodNullable) at = at.unwrap() as z.ZodType;
    else if (at instanceof z.ZodPipe) at = at.in as z.ZodType;
    else return at;
  }
}

function child(node: z.ZodType, seg: string | number): z.ZodType | undefined {
  let next: unknown;
  if (node instanceof z.ZodObject) next = (node.shape as Record<string, unknown>)[String(seg)];
  else if (node instanceof z.ZodArray) next = node.element;
  else if (node instanceof z.ZodRecord) next = node.valueType;
  return next instanceof z.ZodType ? unwrap(next) : undefined;
}
