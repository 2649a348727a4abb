import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_ALWAYS_HUMAN, parsePolicyYaml } from "../../../src/flows/policy/schema.js";
import { defaultPolicy } from "../../../src/flows/policy/default-policy.js";

const example = readFileSync(fileURLToPath(new URL("../../../policy.example.yaml", import.meta.url)), "utf8");

describe("defaultPolicy", () => {
  it("sends money and promises to a human and holds nothing else back", () => {
    expect(defaultPolicy).toEqual({ always_human: ["refund", "reship", "credit", "discount", "retention_offer"], review_thresholds: {}, auto_send_replies: { intents: [], min_confidence: 0.9 } });
    expect(defaultPolicy.always_human).toEqual([...DEFAULT_ALWAYS_HUMAN]);
  });
});

describe("parsePolicyYaml: good files", () => {
  it("reads policy.example.yaml", () => {
    expect(parsePolicyYaml(example, "policy.example.yaml")).toEqual({
      ok: true,
      policy: {
        always_human: ["refund", "reship", "credit", "discount", "retention_offer"],
        review_thresholds: { order_value: 300, customer_lifetime_value: 1000, risk_score: 0.7 },
        never_automatic_for: { customer_tags: ["wholesale", "vip"] },
        auto_send_replies: { intents: [], min_confidence: 0.9 },
      },
    });
  });

  it("an empty file (or only comments) is the default policy", () => {
    expect(parsePolicyYaml("", "policy.yaml")).toEqual({ ok: true, policy: defaultPolicy });
    expect(parsePolicyYaml("# nothing yet\n", "policy.yaml")).toEqual({ ok: true, policy: defaultPolicy });
  });

  it("an explicit empty always_human means none; ids and categories mix", () => {
    expect(parsePolicyYaml("always_human: []\n", "p.yaml")).toMatchObject({ ok: true, policy: { always_human: [] } });
    expect(parsePolicyYaml("always_human: [notify.customer, refund]\nnever_automatic_for: {}\n", "p.yaml")).toEqual({
      ok: true,
      policy: { always_human: ["notify.customer", "refund"], review_thresholds: {}, never_automatic_for: { customer_tags: [] }, auto_send_replies: { intents: [], min_confidence: 0.9 } },
    });
  });
});

describe("parsePolicyYaml: bad files name the file, the line and the key", () => {
  it.each([
    [
      "a misspelt category",
      "always_human:\n  - refund\n  - refunds\n",
      'p.yaml:3: policy.always_human[1]: "refunds" is neither an action category (notification, profile, internal_alert, review, refund, reship, credit, discount, retention_offer, order_change, ticket_update, ticket_reply) nor an action id like "shopify.refund"',
    ],
    ["a risk score above 1", "review_thresholds:\n  order_value: 300\n  risk_score: 1.5\n", "p.yaml:3: policy.review_thresholds.risk_score: Too big: expected number to be <=1"],
    ["a threshold as text", "review_thresholds:\n  order_value: three hundred\n", "p.yaml:2: policy.review_thresholds.order_value: Invalid input: expected number, received string"],
    ["an unknown top-level key", "always_human: [refund]\n\nalways_humans: [reship]\n", 'p.yaml:3: policy: unknown key "always_humans"'],
    ["an unknown nested key", "review_thresholds:\n  order_value: 300\n  order_total: 500\n", 'p.yaml:3: policy.review_thresholds: unknown key "order_total"'],
    ["a block under an unknown key (the key's line, not the block's)", "never_automatic_for:\n  customer_tag:\n    - vip\n", 'p.yaml:2: policy.never_automatic_for: unknown key "customer_tag"'],
    ["a list where a mapping belongs", "review_thresholds: [300]\n", "p.yaml:1: policy.review_thresholds: Invalid input: expected object, received array"],
    ["a top level that is not a mapping", "- refund\n", "p.yaml:1: policy: Invalid input: expected object, received array"],
    ["an empty tag", "never_automatic_for:\n  customer_tags: [vip, '']\n", "p.yaml:2: policy.never_automatic_for.customer_tags[1]: Too small: expected string to have >=1 characters"],
  ])("%s", (_what, text, error) => {
    const r = parsePolicyYaml(text, "p.yaml");
    expect(r).toMatchObject({ ok: false, code: "POLICY_INVALID", errors: [error] });
    if (!r.ok) expect(r.message).toBe(`p.yaml is not a valid policy:\n  ${error}`);
  });

  it("a missing value reports the line of its parent", () => {
    expect(parsePolicyYaml("always_human:\n", "p.yaml")).toMatchObject({ ok: false, errors: ["p.yaml:1: policy.always_human: Invalid input: expected array, received null"] });
  });

  it("reports every error, not just the first", () => {
    const r = parsePolicyYaml("always_human: [refnd]\nreview_thresholds:\n  risk_score: -1\n", "p.yaml");
    expect(r.ok ? [] : r.errors.map((e) => e.slice(0, 9))).toEqual(["p.yaml:1:", "p.yaml:3:"]);
  });

  it("a YAML syntax error carries its line", () => {
    expect(parsePolicyYaml("always_human: [refund\nreview_thresholds:\n  order_value: 1\n", "p.yaml")).toMatchObject({
      ok: false,
      errors: ["p.yaml:2: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    });
    expect(parsePolicyYaml("always_human: []\nreview_thresholds: {}\nalways_human: [refund]\n", "p.yaml")).toMatchObject({
      ok: false,
      errors: ["p.yaml:3: Map keys must be unique"],
    });
  });
});
