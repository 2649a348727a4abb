import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The full example flow in docs/FLOWS.md, so the doc and the loader cannot drift apart. */
export function docsExampleYaml(): string {
  const doc = readFileSync(join(import.meta.dirname, "../../../docs/FLOWS.md"), "utf8");
  const m = /```yaml\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error("docs/FLOWS.md has no ```yaml example");
  return m[1]!;
}
