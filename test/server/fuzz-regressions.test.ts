import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeAfterShip } from "../../src/connectors/aftership/normalize.js";
import { fixture, SHIPPO_TOKEN, startHarness, storeCounts, type Harness } from "../helpers/harness.js";

/** Inputs the reliability fuzz (test/reliability/fuzz.test.ts) found to give a 500, kept here as plain cases. */
describe("fuzz findings", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("an AfterShip ts outside Date's range is a coded refusal, not a throw", () => {
    const body = { event: "tracking_update", event_id: "e1", msg: { tag: "InTransit" }, ts: 1e308 };
    expect(normalizeAfterShip({ shop: "s", body })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
    expect(normalizeAfterShip({ shop: "s", body: { ...body, event: "other" } })).toMatchObject({ ok: false, code: "PAYLOAD_INVALID" });
  });

  it("a repeated Shippo token parameter counts its first value, like a repeated header", async () => {
    const track = JSON.parse(fixture("carriers/shippo/track__usps_9205590164917337534322__delivered.json").toString());
    const payload = JSON.stringify({ event: "track_updated", test: false, data: track });
    const post = (query: string) => h.app.server.inject({ method: "POST", url: `/webhooks/tracking/shippo?${query}`, payload, headers: { "content-type": "application/json" } });
    const before = await storeCounts(h.app);
    const wrongFirst = await post(`token=wrong-token-0123456789&token=${SHIPPO_TOKEN}`);
    expect(wrongFirst.statusCode).toBe(401);
    expect(await storeCounts(h.app)).toEqual(before);
    expect((await post(`token=${SHIPPO_TOKEN}&token=other`)).statusCode).toBe(200);
  });
});
