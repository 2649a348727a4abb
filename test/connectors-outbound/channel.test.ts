import { describe, expect, it } from "vitest";
import { ChannelRegistry, type Channel } from "../../src/flows/channel.js";
import { action, ctx } from "./helpers.js";

const ok: Channel = { name: "slack.alert", send: async () => ({ ok: true, status: 200 }) };

describe("ChannelRegistry", () => {
  it("routes an action to the channel it names", async () => {
    const registry = new ChannelRegistry().register(ok);
    expect(await registry.send(action("slack.alert", { text: "hi" }), ctx())).toEqual({ ok: true, status: 200 });
    expect(registry.names()).toEqual(["slack.alert"]);
  });

  it("an unknown channel fails permanently with CHANNEL_UNKNOWN", async () => {
    const registry = new ChannelRegistry().register(ok);
    expect(registry.has("sms.send")).toBe(false);
    const result = await registry.get("sms.send").send(action("sms.send", {}), ctx());
    expect(result).toMatchObject({ ok: false, retryable: false, code: "CHANNEL_UNKNOWN" });
    if (!result.ok) expect(result.error).toContain("slack.alert");
  });

  it("refuses two channels with one name", () => {
    expect(() => new ChannelRegistry().register(ok).register({ ...ok })).toThrow(/already registered/);
  });

  it("turns a channel that throws into a retryable result", async () => {
    const registry = new ChannelRegistry().register({ name: "klaviyo.event", send: async () => { throw new Error("boom"); } });
    expect(await registry.send(action("klaviyo.event", {}), ctx())).toMatchObject({ ok: false, retryable: true, code: "CHANNEL_THREW" });
  });
});
