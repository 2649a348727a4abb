import { defineConfig } from "vitest/config";

// One seed per run, chosen here so that the workers (which inherit the environment) and the
// summary share it; set FIREBREAK_FUZZ_SEED to replay a run.
// eslint-disable-next-line no-restricted-syntax -- the test runner's config, not product code
process.env.FIREBREAK_FUZZ_SEED ||= String(Math.floor(Math.random() * 2 ** 31));

/** `npm run test:reliability`: the crash, storm, outage, fuzz and access scenarios (docs/RELIABILITY.md). */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    pool: "forks",
    // One file at a time: the crash scenarios time kills against real processes on a 2-core machine.
    fileParallelism: false,
    reporters: ["default", "./test/reliability/summary-reporter.ts"],
  },
});
