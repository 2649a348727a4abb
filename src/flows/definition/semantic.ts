import type { FlowDefinition, Step } from "./schema.js";
import type { FlowValidationContext } from "./context.js";
import { dottedKey, type FlowErrorCode, type FlowPath, type FlowProblem } from "./errors.js";
import { forEachStep } from "./walk.js";
import { suggestion } from "./did-you-mean.js";
import { templateExpressions } from "./template.js";

/** The engine's duration parser (src/flows/conditions/duration.ts), injected to keep this pure. */
export type DurationParser = (text: string) => { ok: true; ms: number } | { ok: false; message: string };

/**
 * What a well-shaped flow can still get wrong: duplicate step ids, trigger types and actions
 * that do not exist, CEL that does not compile (in `{{ }}` templates too), bad durations.
 */
export function semanticProblems(flow: FlowDefinition, ctx: FlowValidationContext, parseDuration: DurationParser): FlowProblem[] {
  const out: FlowProblem[] = [];
  const add = (code: FlowErrorCode, path: FlowPath, message: string) => out.push({ code, path, at: "value", message });

  const expression = (path: FlowPath, source: string) => {
    const error = ctx.checkExpression(source);
    if (error !== null) add("EXPRESSION_INVALID", path, `invalid CEL ${JSON.stringify(source)}: ${firstLine(error)}`);
  };
  const template = (path: FlowPath, source: string) => {
    const found = templateExpressions(source);
    if (!found.ok) return add("EXPRESSION_INVALID", path, found.message);
    for (const expr of found.exprs) {
      const error = ctx.checkExpression(expr);
      if (error !== null) add("EXPRESSION_INVALID", path, `invalid CEL in {{ ${expr} }}: ${firstLine(error)}`);
    }
  };
  const templatesIn = (path: FlowPath, value: unknown) => {
    if (typeof value === "string") template(path, value);
    else if (Array.isArray(value)) value.forEach((v, i) => templatesIn([...path, i], v));
    else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) templatesIn([...path, k], v);
  };
  const duration = (path: FlowPath, text: string) => {
    const parsed = parseDuration(text);
    if (!parsed.ok) add("DURATION_INVALID", path, parsed.message);
  };
  const eventType = (path: FlowPath, type: string, what: string) => {
    if (!ctx.triggerTypes.includes(type)) add("TRIGGER_UNKNOWN", path, `no ${what} "${type}"${suggestion(type, ctx.triggerTypes)}`);
  };

  flow.trigger.events.forEach((type, i) => eventType(["trigger", "events", i], type, "trigger type"));
  if (flow.trigger.filter !== undefined) expression(["trigger", "filter"], flow.trigger.filter);
  flow.conditions.forEach((c, i) => (typeof c === "string" ? expression(["conditions", i], c) : expression(["conditions", i, "expr"], c.expr)));
  if (flow.limits?.rate) duration(["limits", "rate", "per"], flow.limits.rate.per);
  if (flow.limits?.frequency) {
    duration(["limits", "frequency", "per"], flow.limits.frequency.per);
    template(["limits", "frequency", "key"], flow.limits.frequency.key);
  }

  const firstUse = new Map<string, FlowPath>();
  forEachStep(flow.steps, (step, path) => {
    const earlier = firstUse.get(step.id);
    if (earlier) add("STEP_ID_DUPLICATE", [...path, "id"], `step id "${step.id}" is already used by ${dottedKey(earlier)}; step ids must be unique in the whole flow`);
    else firstUse.set(step.id, path);
    checkStep(step, path);
  });

  function checkStep(step: Step, path: FlowPath): void {
    if ("action" in step) {
      if (!ctx.knownAction(step.action)) add("ACTION_UNKNOWN", [...path, "action"], `no action "${step.action}" in the catalog${suggestion(step.action, ctx.actionIds ?? [])}`);
      if (step.input) templatesIn([...path, "input"], step.input);
      if (step.idempotency_key !== undefined) template([...path, "idempotency_key"], step.idempotency_key);
    } else if ("branch" in step) {
      expression([...path, "branch", "if"], step.branch.if);
    } else if ("wait" in step) {
      const w = step.wait;
      if ("duration" in w) duration([...path, "wait", "duration"], w.duration);
      else if ("until" in w) expression([...path, "wait", "until"], w.until);
      else {
        eventType([...path, "wait", "for", "event"], w.for.event, "event type");
        if (w.for.match !== undefined) expression([...path, "wait", "for", "match"], w.for.match);
        duration([...path, "wait", "timeout"], w.timeout);
      }
    } else if ("approval" in step) {
      template([...path, "approval", "title"], step.approval.title);
    }
  }

  return out;
}

/** Checkers may return a code frame; the file position is given separately, so keep one line. */
const firstLine = (text: string): string => text.split("\n").find((l) => l.trim() !== "")?.trim() ?? text;
