import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: string[] = [];

/** A fresh temporary folder holding `files` (name → text), e.g. an operator's flows folder. */
export function tempFolder(files: Record<string, string>, prefix = "firebreak-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Removes every folder `tempFolder` made (call from afterEach / afterAll). */
export function removeTempFolders(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
