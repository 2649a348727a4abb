import type { RunnerTestCase as Test } from "vitest";

/** The counts a scenario reports; the summary prints the ones it set, in this order. */
export const COUNT_NAMES = ["sent", "acked", "stored", "duplicatesDropped", "actionsDelivered", "duplicatesDelivered", "deadLettered", "fuzzCases", "fiveXx", "kills", "rejected"] as const;
export type CountName = (typeof COUNT_NAMES)[number];
export type ScenarioCounts = Partial<Record<CountName, number>>;

export interface ScenarioReport {
  scenario: string;
  counts: ScenarioCounts;
  note?: string;
}

declare module "vitest" {
  interface TaskMeta {
    reliability?: ScenarioReport;
  }
}

/**
 * Attaches a scenario's counts to its test, for the summary reporter. Call it as the counts grow
 * (it merges), so a failing scenario still reports how far it got.
 */
export function report(task: Test, scenario: string, counts: ScenarioCounts, note?: string): void {
  const prev = task.meta.reliability;
  task.meta.reliability = { scenario, counts: { ...prev?.counts, ...counts }, ...(note ?? prev?.note ? { note: note ?? prev?.note } : {}) };
}
