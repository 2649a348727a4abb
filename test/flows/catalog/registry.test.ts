import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_IDEMPOTENCY_KEY, defineAction } from "../../../src/flows/catalog/action.js";
import { ActionCatalog } from "../../../src/flows/catalog/registry.js";
import { DEFAULT_RETRY_POLICY } from "../../../src/flows/backoff.js";

const ping = (over: Partial<Parameters<typeof defineAction>[0]> = {}) =>
  defineAction({
    id: "team.ping",
    description: "Pings the team",
    category: "internal_alert",
    channel: "team.ping",
    input: z.strictObject({
      text: z.string().min(1),
      urgency: z.enum(["low", "high"]).default("low"),
      mentions: z.array(z.strictObject({ user: z.string(), times: z.number().int().min(1) })).optional(),
    }),
    irreversible: false,
    approval: "never",
    customerFacing: false,
    ...over,
  });

describe("defineAction", () => {
  it("fills the default retry policy and the generic idempotency key", () => {
    const a = ping();
    expect(a.retry).toEqual(DEFAULT_RETRY_POLICY);
    expect(a.idempotencyKey).toBe("{{ run.flow_id }}:{{ run.trigger_key }}:{{ step.id }}");
    expect(DEFAULT_IDEMPOTENCY_KEY).toBe(a.idempotencyKey);
  });

  it("keeps a declared key and retry policy", () => {
    const a = ping({ idempotencyKey: "ping:{{ order.id }}", retry: { maxAttempts: 2, baseMs: 100, maxMs: 1000 } });
    expect(a.idempotencyKey).toBe("ping:{{ order.id }}");
    expect(a.retry.maxAttempts).toBe(2);
  });
});

describe("ActionCatalog registration", () => {
  it("registers, finds and lists actions in registration order", () => {
    const other = ping({ id: "team.alpha", channel: "team.alpha" });
    const c = new ActionCatalog().register(ping()).register(other);
    expect(c.has("team.ping")).toBe(true);
    expect(c.has("team.pong")).toBe(false);
    expect(c.get("team.ping")?.channel).toBe("team.ping");
    expect(c.get("team.pong")).toBeUndefined();
    expect(c.list().map((a) => a.id)).toEqual(["team.ping", "team.alpha"]);
    expect(c.ids()).toEqual(["team.alpha", "team.ping"]);
  });

  it("refuses a duplicate id: a wiring error at boot", () => {
    const c = new ActionCatalog().register(ping());
    expect(() => c.register(ping({ description: "another" }))).toThrow('action "team.ping" is already registered');
  });

  it.each([["Team.Ping"], ["ping"], ["team..ping"], ["team.ping."], ["1team.ping"]])("refuses the id %s", (id) => {
    expect(() => new ActionCatalog().register(ping({ id }))).toThrow(`action id "${id}" must be lower-case dotted words`);
  });

  it("refuses a malformed idempotency key template", () => {
    expect(() => new ActionCatalog().register(ping({ idempotencyKey: "ping:{{ order.id }" }))).toThrow(
      'action "team.ping": idempotency key template "ping:{{ order.id }" has "{{" without a closing "}}"',
    );
  });
});

describe("ActionCatalog.describe", () => {
  const described = new ActionCatalog().register(ping({ id: "team.zed", channel: "team.zed" })).register(ping()).describe();

  it("is plain JSON, sorted by id, with the input's JSON Schema", () => {
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described.map((d) => d.id)).toEqual(["team.ping", "team.zed"]);
    const d = described[0]!;
    expect(d).toMatchObject({ id: "team.ping", description: "Pings the team", category: "internal_alert", channel: "team.ping", irreversible: false, approval: "never", customerFacing: false, channelKind: null });
    expect(d.input).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      required: ["text"], // a default makes `urgency` optional to the author
      properties: { text: { type: "string", minLength: 1 }, urgency: { enum: ["low", "high"], default: "low" } },
    });
  });
});

describe("ActionCatalog.validateInput", () => {
  const c = new ActionCatalog().register(ping());

  it("returns the parsed input, defaults applied", () => {
    expect(c.validateInput("team.ping", { text: "hi" })).toEqual({ ok: true, input: { text: "hi", urgency: "low" } });
  });

  it("names an unknown action and the known ones", () => {
    expect(c.validateInput("team.pong", {})).toEqual({ ok: false, code: "ACTION_UNKNOWN", message: 'no action "team.pong" in the catalog (known: team.ping)' });
  });

  it.each([
    [{}, "team.ping: input.text: is required (string)"],
    [{ text: "" }, "team.ping: input.text: Too small: expected string to have >=1 characters"],
    [{ text: "hi", urgncy: "high" }, 'team.ping: input: unknown key "urgncy"'],
    [{ text: "hi", urgency: "now" }, 'team.ping: input.urgency: Invalid option: expected one of "low"|"high"'],
    [{ text: "hi", mentions: [{ user: "ann", times: 1 }, { user: "bob", times: 0 }] }, "team.ping: input.mentions[1].times: Too small: expected number to be >=1"],
    [{ text: "hi", mentions: [{ times: "2" }] }, "team.ping: input.mentions[0].user: is required (string); input.mentions[0].times: Invalid input: expected number, received string"],
    ["hello", "team.ping: input: Invalid input: expected object, received string"],
  ])("explains %j", (input, message) => {
    expect(c.validateInput("team.ping", input)).toEqual({ ok: false, code: "ACTION_INPUT_INVALID", message });
  });

  it("for an input of two forms, reports the form that came closest", () => {
    const two = new ActionCatalog().register(
      ping({ input: z.union([z.strictObject({ text: z.string().min(1) }), z.strictObject({ order_id: z.string(), kind: z.string(), detail: z.string() })]) }),
    );
    expect(two.validateInput("team.ping", { order_id: "1", kind: "lost" })).toMatchObject({ message: "team.ping: input.detail: is required (string)" });
    expect(two.validateInput("team.ping", { text: "" })).toMatchObject({ message: "team.ping: input.text: Too small: expected string to have >=1 characters" });
  });
});

describe("ActionCatalog.buildPayload", () => {
  it("is the input itself for an action without a payload builder", () => {
    const c = new ActionCatalog().register(ping());
    expect(c.buildPayload("team.ping", { text: "hi" }, { idempotencyKey: "k", now: "2026-11-20T10:00:00.000Z", customer: null })).toEqual({ ok: true, payload: { text: "hi" } });
    expect(c.buildPayload("team.pong", {}, { idempotencyKey: "k", now: "2026-11-20T10:00:00.000Z", customer: null })).toMatchObject({ ok: false, code: "ACTION_UNKNOWN" });
  });
});
