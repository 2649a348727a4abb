/**
 * A flow's steps compiled to a flat program with jumps, so a run's position is one integer (`pc`)
 * that survives a crash, and nested blocks (branch, on_timeout, on_reject) need no stack.
 * The run keeps the flow definition it started with, so its program never changes under it.
 */
export interface ActionStepDef { id: string; action: string; input?: Record<string, unknown>; idempotency_key?: string }
export interface BranchStepDef { id: string; branch: { if: string; then: StepDef[]; else?: StepDef[] } }
export type WaitSpec = { duration: string } | { until: string } | { for: { event: string; match?: string }; timeout: string; on_timeout?: StepDef[] };
export interface WaitStepDef { id: string; wait: WaitSpec }
export interface ApprovalStepDef { id: string; approval: { title: string; on_reject?: StepDef[] } }
export interface StopStepDef { id: string; stop: { reason?: string } }
export type StepDef = ActionStepDef | BranchStepDef | WaitStepDef | ApprovalStepDef | StopStepDef;

export type Instr =
  | { op: "action"; step: ActionStepDef }
  | { op: "branch"; step: BranchStepDef; elseAt: number }
  | { op: "wait"; step: WaitStepDef; timeoutAt: number | null }
  | { op: "approval"; step: ApprovalStepDef; rejectAt: number | null }
  | { op: "stop"; step: StopStepDef }
  | { op: "jump"; to: number }
  | { op: "end"; status: "completed" | "rejected" };

export function compileProgram(steps: readonly StepDef[]): Instr[] {
  const out: Instr[] = [];
  emitBlock(steps, out);
  out.push({ op: "end", status: "completed" });
  return out;
}

function emitBlock(steps: readonly StepDef[], out: Instr[]): void {
  for (const step of steps) emitStep(step, out);
}

function emitStep(step: StepDef, out: Instr[]): void {
  if ("action" in step) {
    out.push({ op: "action", step });
  } else if ("branch" in step) {
    const at = out.length;
    out.push({ op: "branch", step, elseAt: -1 });
    emitBlock(step.branch.then, out);
    const jumpAt = out.length;
    out.push({ op: "jump", to: -1 });
    (out[at] as Extract<Instr, { op: "branch" }>).elseAt = out.length;
    emitBlock(step.branch.else ?? [], out);
    (out[jumpAt] as Extract<Instr, { op: "jump" }>).to = out.length;
  } else if ("wait" in step) {
    const onTimeout = "for" in step.wait ? step.wait.on_timeout : undefined;
    const at = out.length;
    out.push({ op: "wait", step, timeoutAt: null });
    if (onTimeout && onTimeout.length > 0) {
      // Satisfied: jump over the timeout path. Timed out: run it, then carry on after the wait.
      const jumpAt = out.length;
      out.push({ op: "jump", to: -1 });
      (out[at] as Extract<Instr, { op: "wait" }>).timeoutAt = out.length;
      emitBlock(onTimeout, out);
      (out[jumpAt] as Extract<Instr, { op: "jump" }>).to = out.length;
    }
  } else if ("approval" in step) {
    const onReject = step.approval.on_reject;
    const at = out.length;
    out.push({ op: "approval", step, rejectAt: null });
    if (onReject) {
      // A rejection runs its path and ends the run as rejected.
      const jumpAt = out.length;
      out.push({ op: "jump", to: -1 });
      (out[at] as Extract<Instr, { op: "approval" }>).rejectAt = out.length;
      emitBlock(onReject, out);
      out.push({ op: "end", status: "rejected" });
      (out[jumpAt] as Extract<Instr, { op: "jump" }>).to = out.length;
    }
  } else {
    out.push({ op: "stop", step });
  }
}
