import { describe, expect, test } from "vitest";
import { parseFlowYaml } from "../../../src/flows/definition/load-yaml.js";
import { formatFlowError } from "../../../src/flows/definition/errors.js";
import { stepKind, type FlowDefinition } from "../../../src/flows/definition/schema.js";
import { forEachStep } from "../../../src/flows/definition/walk.js";
import { permissiveFlowContext } from "../../../src/flows/definition/context.js";
import { strictContext } from "./test-context.js";
import { docsExampleYaml } from "./docs-example.js";

function parseOk(text: string, ctx = strictContext): FlowDefinition {
  const r = parseFlowYaml(text, "flows/test.yaml", ctx);
  if (!r.ok) throw new Error(r.errors.map(formatFlowError).join("\n"));
  return r.flow;
}

const minimal = `id: minimal
version: 1
description: The least a flow can say.
trigger:
  events: [order.upserted]
steps:
  - id: a
    action: notify.customer
`;

describe("good flows", () => {
  test("the full example in docs/FLOWS.md parses under a strict catalog and a real CEL parser", () => {
    const flow = parseOk(docsExampleYaml());
    expect(flow.id).toBe("delay-notice");
    expect(flow.version).toBe(1);
    expect(flow.enabled).toBe(true);
    expect(flow.trigger.events).toEqual(["signal.raised"]);
    expect(flow.conditions).toEqual(["order.cancelled_at == null", { name: "customer can be reached", expr: "customer.email != null" }]);
    expect(flow.limits).toEqual({ rate: { max: 200, per: "1h" }, frequency: { max: 1, per: "24h", key: "{{ customer.key }}" } });
    expect(flow.steps.map(stepKind)).toEqual(["action", "branch", "wait", "wait", "approval", "stop"]);
    // snake_case keys survive as written: one name, one shape
    const wait = flow.steps[2]!;
    expect(wait).toMatchObject({ wait: { for: { event: "tracking.updated" }, timeout: "2d", on_timeout: [{ id: "escalate", action: "review.escalation" }] } });
    const ids: string[] = [];
    forEachStep(flow.steps, (s) => ids.push(s.id));
    expect(ids).toEqual(["notify", "big-order", "tell-team", "wait-for-scan", "escalate", "cool-down", "approve-reship", "done", "finish"]);
  });

  test("defaults are applied: enabled true, conditions empty", () => {
    const flow = parseOk(minimal);
    expect(flow.enabled).toBe(true);
    expect(flow.conditions).toEqual([]);
    expect(flow.limits).toBeUndefined();
  });

  test("explicit values win over defaults, and yml-style ids with underscores are fine for steps", () => {
    const flow = parseOk(minimal.replace("version: 1", "version: 3\nenabled: false").replace("- id: a", "- id: step_1"));
    expect(flow.enabled).toBe(false);
    expect(flow.version).toBe(3);
    expect(flow.steps[0]!.id).toBe("step_1");
  });

  test("the permissive context accepts any action and expression but still checks trigger types", () => {
    const odd = minimal.replace("notify.customer", "custom.anything").replace("[order.upserted]", "[order.upserted]\n  filter: 'not ( valid'");
    expect(parseFlowYaml(odd, "x.yaml", permissiveFlowContext).ok).toBe(true);
    expect(parseFlowYaml(odd, "x.yaml", strictContext).ok).toBe(false);
    const r = parseFlowYaml(minimal.replace("order.upserted", "order.created"), "x.yaml", permissiveFlowContext);
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(["TRIGGER_UNKNOWN"]);
  });

  test("every error is reported, in file order", () => {
    const text = `id: many
version: 1
description: Three mistakes.
trigger:
  events: [order.upserted]
  filter: 'order.total_price >'
steps:
  - id: a
    action: nope
  - id: a
    wait: { duration: soon }
`;
    const r = parseFlowYaml(text, "flows/many.yaml", strictContext);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.line} ${e.key} ${e.code}`)).toEqual([
      "6 trigger.filter EXPRESSION_INVALID",
      "9 steps.0.action ACTION_UNKNOWN",
      "10 steps.1.id STEP_ID_DUPLICATE",
      "11 steps.1.wait.duration DURATION_INVALID",
    ]);
  });

  test("several shape errors in one file are each reported once", () => {
    const text = "id: Bad\nversion: 0\ndescription: ''\ntrigger: { events: [] }\nsteps:\n  - id: a\n    stop: { reson: x }\n";
    const r = parseFlowYaml(text, "f.yaml", strictContext);
    if (r.ok) throw new Error("expected errors");
    expect(r.errors.map((e) => `${e.line} ${e.key}: ${e.message}`)).toEqual([
      '1 id: "Bad" is not valid: use lowercase letters, digits and "-", starting with a letter or digit',
      "2 version: must be at least 1, got number 0",
      "3 description: must not be empty",
      "4 trigger.events: must have at least one item",
      '7 steps.0.stop.reson: unknown key "reson" (did you mean "reason"?)',
    ]);
  });
});

describe("formatFlowError", () => {
  test("file:line:column key: CODE — message", () => {
    expect(
      formatFlowError({ code: "ACTION_UNKNOWN", file: "flows/delay.yaml", line: 12, column: 5, key: "steps.2.action", message: 'no action "notify.custmer" in the catalog (did you mean "notify.customer"?)' }),
    ).toBe('flows/delay.yaml:12:5 steps.2.action: ACTION_UNKNOWN — no action "notify.custmer" in the catalog (did you mean "notify.customer"?)');
  });

  test("without a line or a key", () => {
    expect(formatFlowError({ code: "SHAPE_INVALID", file: "<defineFlow>", line: null, column: null, key: "version", message: "m" })).toBe("<defineFlow> version: SHAPE_INVALID — m");
    expect(formatFlowError({ code: "YAML_SYNTAX", file: "a.yaml", line: 3, column: 1, key: "", message: "m" })).toBe("a.yaml:3:1 YAML_SYNTAX — m");
  });
});
