import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { loadFlowsDir, mergeFlowSets } from "../../../src/flows/definition/load-dir.js";
import { strictContext } from "./test-context.js";

const dirs = join(import.meta.dirname, "dirs");

describe("loadFlowsDir", () => {
  test("reads .yaml and .yml files in name order, ignoring other files", () => {
    const r = loadFlowsDir(join(dirs, "builtin"), strictContext);
    expect(r.errors).toEqual([]);
    expect(r.flows.map((f) => f.id)).toEqual(["delay-notice", "exception-alert"]);
  });

  test("a flow id used twice is an error against the second file, whose flow is left out", () => {
    const r = loadFlowsDir(join(dirs, "dup"), strictContext);
    expect(r.flows.map((f) => `${f.id}@${f.version}`)).toEqual(["same-id@1"]);
    expect(r.errors).toEqual([
      {
        code: "FLOW_ID_DUPLICATE",
        file: join(dirs, "dup", "2-second.yaml"),
        line: 2,
        column: 5,
        key: "id",
        message: `flow id "same-id" is already defined in ${join(dirs, "dup", "1-first.yaml")}; flow ids must be unique`,
      },
    ]);
  });

  test("a broken file contributes its errors and no flow; the others still load", () => {
    const r = loadFlowsDir(join(dirs, "mixed"), strictContext);
    expect(r.flows.map((f) => f.id)).toEqual(["good-one"]);
    expect(r.errors.map((e) => `${e.file.slice(dirs.length + 1)}:${e.line} ${e.code}`)).toEqual(["mixed/broken.yaml:8 ACTION_UNKNOWN"]);
  });

  test("a folder that cannot be read is one error, not an exception", () => {
    const r = loadFlowsDir(join(dirs, "no-such-folder"), strictContext);
    expect(r.flows).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(["FILE_UNREADABLE"]);
  });
});

describe("mergeFlowSets", () => {
  test("an operator flow replaces the built-in flow with the same id, in its place; new ones follow", () => {
    const builtIn = loadFlowsDir(join(dirs, "builtin"), strictContext).flows;
    const operator = loadFlowsDir(join(dirs, "operator"), strictContext).flows;
    const merged = mergeFlowSets(builtIn, operator);
    expect(merged.map((f) => `${f.id}@${f.version}`)).toEqual(["delay-notice@7", "exception-alert@1", "vip-lane@1"]);
  });

  test("no operator flows leaves the built-in set as it is", () => {
    const builtIn = loadFlowsDir(join(dirs, "builtin"), strictContext).flows;
    expect(mergeFlowSets(builtIn, [])).toEqual(builtIn);
  });
});
