import type { OrchestrateOutput } from "../flows/engine/orchestrate.js";
import type { ProjectionWrite } from "../store/port.js";

/** What orchestrating flows produced, into the step's one write (a run met again replaces its earlier state). */
export function addFlowOutput(write: ProjectionWrite, out: OrchestrateOutput): void {
  for (const run of out.runs) {
    const i = write.runs.findIndex((r) => r.id === run.id);
    if (i >= 0) write.runs[i] = run;
    else write.runs.push(run);
  }
  write.outbox.push(...out.outbox);
  write.timersSet.push(...out.timers);
  write.decisions.push(...out.decisions);
  write.holdsPlaced.push(...out.holdsPlaced);
  write.holdsReleased.push(...out.holdsReleased);
}
