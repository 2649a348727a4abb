import { FlowDefinition } from "./schema.js";
import type { FlowValidationContext } from "./context.js";
import type { FlowProblem } from "./errors.js";
import { shapeProblems } from "./shape-issues.js";
import { semanticProblems } from "./semantic.js";
import { parseDuration } from "../conditions/duration.js";

export type FlowValidation = { ok: true; flow: FlowDefinition } | { ok: false; problems: FlowProblem[] };

/**
 * Shape first, then meaning: the semantic checks need a well-shaped flow, so a file with shape
 * errors reports only those (fixing them may reveal more).
 */
export function validateFlow(raw: unknown, ctx: FlowValidationContext): FlowValidation {
  const parsed = FlowDefinition.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: shapeProblems(FlowDefinition, raw, parsed.error.issues) };
  const problems = semanticProblems(parsed.data, ctx, parseDuration);
  return problems.length ? { ok: false, problems } : { ok: true, flow: parsed.data };
}
