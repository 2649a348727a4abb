import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
/** Under node_modules so that the compiled files resolve the project's packages by walking up. */
const cacheDir = join(root, "node_modules", ".cache", "firebreak-compiled");
const outDir = join(cacheDir, "dist");
const buildInfo = join(cacheDir, "tsbuildinfo");

/**
 * Compiles src/ with tsconfig.build.json into a private folder (not dist/, which the lead's
 * `npm start` owns) and returns the path of one compiled file (`testing/crash-target.js`), for
 * what must run outside vitest: a child process, a worker thread. Incremental: the first build
 * takes ~15 s, later ones a few seconds. Type errors elsewhere in a tree that is being edited do
 * not stop it (tsc still emits); a missing target does. Test files run in parallel processes, so
 * one build at a time holds a lock folder; the next one finds the work done and takes a second.
 */
export function compiledSrc(file: string): string {
  mkdirSync(cacheDir, { recursive: true });
  return withLock(() => build(join(outDir, file)));
}

const lockDir = join(cacheDir, "lock");
/** Older than any build: a process killed mid-build left it. */
const STALE_LOCK_MS = 5 * 60_000;

function withLock<T>(fn: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + 3 * 60_000; ; ) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`compiledSrc: ${lockDir} is still held after 3 minutes`);
      // A synchronous pause: this runs from sync test setup, and another process holds the lock.
      else Atomics.wait(pause, 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function build(target: string): string {
  const run = () =>
    spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", outDir, "--incremental", "--tsBuildInfoFile", buildInfo], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
  let result = run();
  if (!existsSync(target)) {
    // An incremental build trusts its build-info file even when the outputs were deleted.
    rmSync(buildInfo, { force: true });
    result = run();
  }
  if (!existsSync(target)) throw new Error(`tsc did not produce ${target}:\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) process.stderr.write(`compiledSrc: tsc reported errors (building anyway):\n${result.stdout.slice(0, 2000)}\n`);
  // Outside the project's own folder tree (node_modules is a package boundary), so say ESM here.
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
  return target;
}

/** The crash scenarios' child process. */
export const buildCrashTarget = (): string => compiledSrc(join("testing", "crash-target.js"));
