import type { FlowDefinition, FlowDefinitionInput } from "./schema.js";
import { permissiveFlowContext, type FlowValidationContext } from "./context.js";
import { dottedKey, formatFlowError } from "./errors.js";
import { validateFlow } from "./validate.js";

export const DEFINE_FLOW_FILE = "<defineFlow>";

/**
 * A flow written in TypeScript, checked exactly like a YAML one. Throws at definition time (a
 * programming error, not a runtime condition) with every problem listed, one per line.
 */
export function defineFlow(flow: FlowDefinitionInput, ctx: FlowValidationContext = permissiveFlowContext): FlowDefinition {
  const checked = validateFlow(flow, ctx);
  if (checked.ok) return checked.flow;
  const lines = checked.problems.map((p) => formatFlowError({ code: p.code, file: DEFINE_FLOW_FILE, line: null, column: null, key: dottedKey(p.path), message: p.message }));
  const id = typeof (flow as { id?: unknown }).id === "string" ? ` "${(flow as { id: string }).id}"` : "";
  throw new Error(`flow${id} is invalid:\n${lines.join("\n")}`);
}
