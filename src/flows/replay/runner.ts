import type { FlowDefinition } from "../definition/schema.js";
import { withChangedFlows } from "../flow-setup.js";
import { replay, type ReplayOptions, type ReplayResult } from "./replay.js";

/** One replay as a caller asks for it; the flows, rules and store are the runner's own. */
export interface ReplayRequest {
  from: string;
  to: string;
  flowId?: string | undefined;
  /** The most events the window may hold (the replay refuses a larger one with REPLAY_WINDOW_TOO_LARGE). */
  maxEvents: number;
  /** Flows to try instead of the runner's with the same ids (or besides them), already validated. */
  changedFlows?: readonly FlowDefinition[] | undefined;
}

/**
 * Where a replay runs. The server's own runs in a worker thread (server/replay-thread.ts), so the
 * seconds a replay folds and decides do not stall the webhooks; this one runs in the caller's
 * thread, as the CLI does.
 */
export interface ReplayRunner {
  run(request: ReplayRequest): Promise<ReplayResult>;
  close(): Promise<void>;
}

/** Replays in this thread, through the given store, flows and rules. */
export function inProcessReplayRunner(deps: Pick<ReplayOptions, "source" | "engine" | "rules" | "settingsFor">): ReplayRunner {
  return {
    run: (r) =>
      replay({
        ...deps,
        engine: r.changedFlows?.length ? withChangedFlows(deps.engine, r.changedFlows) : deps.engine,
        from: r.from,
        to: r.to,
        flowId: r.flowId,
        maxEvents: r.maxEvents,
      }),
    close: async () => {},
  };
}
