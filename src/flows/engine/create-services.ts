import { compileExpr, compileTemplate, evaluateCondition, parseDuration, renderTemplate, type Template } from "../conditions/index.js";
import type { ActionCatalog } from "../catalog/registry.js";
import { approvalRequirement } from "../policy/decide.js";
import { approvalFactsFromContext } from "../policy/facts.js";
import type { Policy } from "../policy/schema.js";
import type { ActionSpec, EngineServices, Rendered } from "./services.js";
import { remember } from "../../core/memo.js";

/** Templates are compiled once per value; flow definitions are long-lived objects, strings are cached by text. */
const objectTemplates = new WeakMap<object, Template>();
const stringTemplates = new Map<string, Template>();

function templateOf(value: unknown): { ok: true; template: Template } | { ok: false; message: string } {
  const cached = typeof value === "string" ? stringTemplates.get(value) : typeof value === "object" && value !== null ? objectTemplates.get(value) : undefined;
  if (cached) return { ok: true, template: cached };
  const compiled = compileTemplate(value);
  if (!compiled.ok) return { ok: false, message: `${compiled.path ? `${compiled.path}: ` : ""}${compiled.message}` };
  if (typeof value === "string") {
    if (stringTemplates.size > 5_000) stringTemplates.clear();
    stringTemplates.set(value, compiled.template);
  } else if (typeof value === "object" && value !== null) objectTemplates.set(value, compiled.template);
  return { ok: true, template: compiled.template };
}

/** The engine's services over the real CEL layer, action catalog and approval policy. */
export function createEngineServices(catalog: ActionCatalog, policy: Policy): EngineServices {
  const durations = new Map<string, number | null>();
  const specs = new WeakMap<object, ActionSpec>();
  return {
    condition(expr, ctx) {
      const c = compileExpr(expr);
      if (!c.ok) return { expr, match: false, reason: `cannot compile: ${c.message}` };
      const o = evaluateCondition(c.expr, ctx);
      return { expr, match: o.match, reason: o.reason };
    },
    test(expr, ctx) {
      const c = compileExpr(expr);
      if (!c.ok) return false;
      const v = c.expr.evaluate(ctx);
      return v.ok && v.value === true;
    },
    evaluate(expr, ctx): Rendered {
      const c = compileExpr(expr);
      if (!c.ok) return { ok: false, message: c.message };
      const v = c.expr.evaluate(ctx);
      return v.ok ? { ok: true, value: v.value } : { ok: false, message: v.message };
    },
    render(value, ctx): Rendered {
      const t = templateOf(value);
      if (!t.ok) return t;
      const r = renderTemplate(t.template, ctx);
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: `${r.path ? `${r.path}: ` : ""}${r.message}` };
    },
    duration(text) {
      // Limits ask for their window's length at every run of the flow: a flow has a handful of them.
      return remember(durations, text, 1_000, () => {
        const d = parseDuration(text);
        return d.ok ? d.ms : null;
      });
    },
    action(id) {
      const a = catalog.get(id);
      if (!a) return null;
      // Asked once per action step of every run: made once per catalog entry.
      let spec = specs.get(a);
      if (spec === undefined) specs.set(a, (spec = Object.freeze({ id: a.id, channel: a.channel, category: a.category, idempotencyKey: a.idempotencyKey, customerFacing: a.customerFacing, ...(a.effect ? { effect: a.effect } : {}) })));
      return spec;
    },
    validateInput(id, input): Rendered {
      const v = catalog.validateInput(id, input);
      return v.ok ? { ok: true, value: v.input } : { ok: false, message: v.message };
    },
    payload(id, input, ctx): Rendered {
      const a = catalog.get(id);
      if (!a) return { ok: false, message: `no action "${id}"` };
      if (!a.toPayload) return { ok: true, value: input };
      const p = a.toPayload(input as Record<string, unknown>, ctx);
      return p.ok ? { ok: true, value: p.payload } : { ok: false, message: p.message };
    },
    approvalNeeded(id, ctx) {
      const a = catalog.get(id);
      if (!a) return { required: false, reasons: [] };
      const r = approvalRequirement(a, approvalFactsFromContext(ctx), policy);
      return { required: r.required, reasons: r.reasons, ...(r.automatic ? { automatic: true } : {}) };
    },
  };
}
