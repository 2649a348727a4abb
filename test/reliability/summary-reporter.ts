import type { Reporter, TestModule } from "vitest/node";
import { COUNT_NAMES, type ScenarioReport } from "./report.js";

/** Renders one line per scenario: name, verdict, then the counts it reported. */
export function summaryLine(name: string, passed: boolean, r: ScenarioReport | undefined, expectedFail = false): string {
  const counts = COUNT_NAMES.filter((k) => r?.counts[k] !== undefined).map((k) => `${k}=${r!.counts[k]}`);
  return `${(passed ? (expectedFail ? "XFAIL" : "PASS") : "FAIL").padEnd(5)} ${(r?.scenario ?? name).padEnd(44)} ${counts.join(" ")}${r?.note ? `  (${r.note})` : ""}`;
}

/**
 * Prints, after the reliability run, one summary line per scenario with its counts and a final
 * `N passed, N failed` (the lines docs/RELIABILITY.md records).
 */
export default class ReliabilitySummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: Array<[string, string]> = [];
    let passed = 0;
    let failed = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "skipped" || state === "pending") {
          lines.push([t.name, `SKIP  ${t.name}`]);
          continue;
        }
        const ok = state === "passed";
        if (ok) passed++;
        else failed++;
        lines.push([t.meta().reliability?.scenario ?? t.name, summaryLine(t.name, ok, t.meta().reliability, t.options.fails === true)]);
      }
    }
    process.stdout.write(`\nReliability summary (FIREBREAK_FUZZ_SEED=${process.env.FIREBREAK_FUZZ_SEED ?? "unset"})\n${lines.sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([, l]) => l).join("\n")}\n${passed} passed, ${failed} failed\n`);
  }
}
