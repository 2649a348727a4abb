import { describe, expect, test } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFlowYaml } from "../../../src/flows/definition/load-yaml.js";
import { strictContext } from "./test-context.js";

const dir = join(import.meta.dirname, "bad");

/** `# expect: CODE at LINE [KEY] [~ message excerpt]` on the first line of each file. */
function expectation(text: string, file: string) {
  const m = /^# expect: ([A-Z_]+) at (\d+)(?: ([^\s~]+))?(?: ~ (.+))?$/.exec(text.split("\n")[0] ?? "");
  if (!m) throw new Error(`${file}: first line must be "# expect: CODE at LINE [KEY] [~ excerpt]"`);
  return { code: m[1]!, line: Number(m[2]), key: m[3] ?? "", excerpt: m[4] };
}

const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

describe("bad flow corpus", () => {
  test("has at least 20 examples", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files)("%s reports exactly its declared error", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const want = expectation(text, name);
    const result = parseFlowYaml(text, `bad/${name}`, strictContext);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => ({ code: e.code, line: e.line, key: e.key }))).toEqual([{ code: want.code, line: want.line, key: want.key }]);
    const [error] = result.errors;
    expect(error!.file).toBe(`bad/${name}`);
    expect(error!.column).toBeGreaterThanOrEqual(1);
    if (want.excerpt) expect(error!.message).toContain(want.excerpt);
  });
});
