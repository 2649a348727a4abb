import { describe, expect, it } from "vitest";
import { keyTemplateProblem } from "../../../src/flows/catalog/key-template.js";

describe("keyTemplateProblem", () => {
  it.each([
    ["{{ run.flow_id }}:{{ run.trigger_key }}:{{ step.id }}"],
    ["delay-notice:{{ shop.domain }}:{{ order.id }}:{{ shipment.key }}:{{ signal.name }}"],
    ["static-key"],
    ["{{ input.metric + ':' + order.id }}"],
  ])("accepts %s", (t) => {
    expect(keyTemplateProblem(t)).toBeNull();
  });

  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["a:{{ order.id", 'has "{{" without a closing "}}"'],
    ["a:order.id }}", 'has "}}" without an opening "{{"'],
    ["{{ a }}:b }}", 'has "}}" without an opening "{{"'],
    ["a:{{ }}", "has an empty {{ }}"],
    ["{{ a {{ b }} }}", 'opens "{{" inside another "{{ … }}"'],
  ])("refuses %j: %s", (t, problem) => {
    expect(keyTemplateProblem(t)).toBe(problem);
  });
});
