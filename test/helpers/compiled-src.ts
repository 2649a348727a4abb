import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
/** Under node_modules so that the compiled files resolve the project's packages by walking up. */
const cacheDir = join(root, "node_modules", ".cache", "firebreak-crash");
const outDir = join(cacheDir, "dist");
const buildInfo = join(cacheDir, "tsbuildinfo");

/**
 * Compiles src/ with tsconfig.build.json into a private folder (not dist/, which the lead's
 * `npm start` owns) and returns the path of the compiled crash target. Incremental: the first
 * build takes ~15 s, later ones a few seconds. Type errors elsewhere in a tree that is being
 * edited do not stop it (tsc still emits); a missing target does.
 */
export function buildCrashTarget(): string {
  const target = join(outDir, "testing", "crash-target.js");
  const run = () =>
    spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", outDir, "--incremental", "--tsBuildInfoFile", buildInfo], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
  mkdirSync(cacheDir, { recursive: true });
  let result = run();
  if (!existsSync(target)) {
    // An incremental build trusts its build-info file even when the outputs were deleted.
    rmSync(buildInfo, { force: true });
    result = run();
  }
  if (!existsSync(target)) throw new Error(`tsc did not produce ${target}:\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) process.stderr.write(`crash test: tsc reported errors (building anyway):\n${result.stdout.slice(0, 2000)}\n`);
  // Outside the project's own folder tree (node_modules is a package boundary), so say ESM here.
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
  return target;
}
