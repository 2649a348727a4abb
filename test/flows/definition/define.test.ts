import { describe, expect, test } from "vitest";
import { defineFlow } from "../../../src/flows/definition/define.js";
import { strictContext } from "./test-context.js";

const base = {
  id: "ts-flow",
  version: 1,
  description: "Written in TypeScript.",
  trigger: { events: ["signal.raised"], filter: 'signal.name == "edd_missed"' },
  steps: [{ id: "notify", action: "notify.customer", input: { metric: "Order Delayed", order_name: "{{ order.name }}" } }],
};

describe("defineFlow", () => {
  test("returns the validated flow with defaults applied", () => {
    const flow = defineFlow(base, strictContext);
    expect(flow.enabled).toBe(true);
    expect(flow.conditions).toEqual([]);
    expect(flow.steps).toEqual(base.steps);
  });

  test("uses the permissive context when none is given", () => {
    expect(defineFlow({ ...base, steps: [{ id: "x", action: "anything.at.all" }] }).steps).toHaveLength(1);
  });

  test("throws one formatted line per error, with no line numbers", () => {
    const bad = {
      ...base,
      steps: [
        { id: "notify", action: "notify.custmer" },
        { id: "notify", branch: { if: "order.total_price >", then: [{ id: "t", stop: {} }] } },
      ],
    };
    expect(() => defineFlow(bad, strictContext)).toThrowError(
      [
        'flow "ts-flow" is invalid:',
        '<defineFlow> steps.0.action: ACTION_UNKNOWN — no action "notify.custmer" in the catalog (did you mean "notify.customer"?)',
        '<defineFlow> steps.1.id: STEP_ID_DUPLICATE — step id "notify" is already used by steps.0; step ids must be unique in the whole flow',
        '<defineFlow> steps.1.branch.if: EXPRESSION_INVALID — invalid CEL "order.total_price >": Unexpected token: EOF',
      ].join("\n"),
    );
  });

  test("shape errors from untyped objects are caught too", () => {
    const untyped = JSON.parse('{"id":"x","version":"1","description":"d","trigger":{"events":["order.upserted"]},"steps":[{"id":"a","stop":{}}],"conditons":[]}');
    expect(() => defineFlow(untyped)).toThrowError(/version: SHAPE_INVALID — expected a number, got string "1"\n.*conditons: SHAPE_INVALID — unknown key "conditons" \(did you mean "conditions"\?\)/);
  });
});
