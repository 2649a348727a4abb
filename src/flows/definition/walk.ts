import type { Step } from "./schema.js";
import type { FlowPath } from "./errors.js";

/** The step lists nested inside a step, with the keys that lead to them. */
export function childStepLists(step: Step): Array<{ path: FlowPath; steps: Step[] }> {
  const out: Array<{ path: FlowPath; steps: Step[] }> = [];
  if ("branch" in step) {
    out.push({ path: ["branch", "then"], steps: step.branch.then });
    if (step.branch.else) out.push({ path: ["branch", "else"], steps: step.branch.else });
  } else if ("wait" in step && "for" in step.wait && step.wait.on_timeout) {
    out.push({ path: ["wait", "on_timeout"], steps: step.wait.on_timeout });
  } else if ("approval" in step && step.approval.on_reject) {
    out.push({ path: ["approval", "on_reject"], steps: step.approval.on_reject });
  }
  return out;
}

/** Visits every step, nested ones included, in document order, with its path from the flow root. */
export function forEachStep(steps: readonly Step[], visit: (step: Step, path: FlowPath) => void, prefix: FlowPath = ["steps"]): void {
  steps.forEach((step, i) => {
    const path = [...prefix, i];
    visit(step, path);
    for (const list of childStepLists(step)) forEachStep(list.steps, visit, [...path, ...list.path]);
  });
}
