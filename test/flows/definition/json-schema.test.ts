import { describe, expect, test } from "vitest";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { flowJsonSchema, FLOW_SCHEMA_ID } from "../../../src/flows/definition/json-schema.js";
import { docsExampleYaml } from "./docs-example.js";

const schema = flowJsonSchema();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const example = () => parse(docsExampleYaml()) as Record<string, any>;

describe("flowJsonSchema", () => {
  test("is a draft-07 schema with an id, a title and field descriptions for editors", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe(FLOW_SCHEMA_ID);
    expect(schema.title).toBe("Firebreak flow");
    const props = schema.properties as Record<string, { description?: string }>;
    expect(props.version!.description).toMatch(/bump it/);
    expect(Object.keys(schema.definitions as object)).toContain("Step");
  });

  test("accepts the docs/FLOWS.md example", () => {
    expect(validate(example()), JSON.stringify(validate.errors)).toBe(true);
  });

  test("leaves defaulted keys optional", () => {
    const { enabled: _e, conditions: _c, limits: _l, ...rest } = example();
    expect(validate(rest)).toBe(true);
  });

  test("rejects an unknown top-level key", () => {
    expect(validate({ ...example(), conditons: [] })).toBe(false);
  });

  test("rejects a step with two kinds nested deep in a branch (the recursion is enforced)", () => {
    const flow = example();
    flow.steps[1].branch.then[0].wait = { duration: "1h" };
    expect(validate(flow)).toBe(false);
    flow.steps[1].branch.then[0] = { id: "tell-team", action: "alert.team" };
    expect(validate(flow)).toBe(true);
  });

  test("rejects a wait with both duration and until, a bad duration, and version 0", () => {
    const both = example();
    both.steps[3].wait = { duration: "1d", until: "now" };
    expect(validate(both)).toBe(false);
    const badDuration = example();
    badDuration.steps[3].wait = { duration: "2 days" };
    expect(validate(badDuration)).toBe(false);
    expect(validate({ ...example(), version: 0 })).toBe(false);
  });
});
