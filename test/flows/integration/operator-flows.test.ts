import { describe, expect, it } from "vitest";
import { FlowSetupError } from "../../../src/app.js";
import { bearer, SHOP, startHarness } from "../../helpers/harness.js";
import { ORDER_ID } from "../../helpers/payloads.js";
import { tempFolder } from "../../helpers/temp-files.js";
import { lostParcelFlow, loseTheParcel, useLostParcelApp } from "../../helpers/lost-parcel.js";

const app = useLostParcelApp();

describe("operator flows from a flows folder", () => {
  it("waits for a human through the API, then enqueues the reship and the team message, each once", async () => {
    const h = await app.start();
    await loseTheParcel(h);

    const listed = (await h.app.server.inject({ method: "GET", url: `/api/runs?order=${ORDER_ID}&status=awaiting_approval`, headers: bearer })).json().runs;
    expect(listed).toHaveLength(1);
    const run = listed[0];
    expect(run).toMatchObject({ flowId: "lost-parcel-reship", approval: { stepId: "ask", title: "Reship #9999 (1z827wk74630)?" } });
    expect(run.conditions).toEqual([{ expr: "order.total_price >= 100.0", match: true, reason: "order.total_price is 404.95, expected >= 100.0" }]);

    const bad = await h.app.server.inject({ method: "POST", url: `/api/runs/${run.id}/approval`, headers: bearer, payload: { decision: "maybe" } });
    expect(bad.statusCode).toBe(400);
    const ok = await h.app.server.inject({ method: "POST", url: `/api/runs/${run.id}/approval`, headers: bearer, payload: { decision: "approve", by: "ops@snowdevil.com" } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().run.status).toBe("completed");
    const again = await h.app.server.inject({ method: "POST", url: `/api/runs/${run.id}/approval`, headers: bearer, payload: { decision: "approve", by: "ops@snowdevil.com" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("RUN_NOT_AWAITING_APPROVAL");

    await h.app.worker.runUntilIdle();
    const outbox = await h.app.store.listOutbox({ orderId: ORDER_ID });
    const byChannel = (c: string) => outbox.filter((a) => a.channel === c);
    expect(byChannel("shopify.reship")).toHaveLength(1);
    // No Shopify connector is wired for reships yet: the action waits in the dead letters with a clear error, for a human.
    expect(byChannel("shopify.reship")[0]!.status).toBe("dead");
    expect(byChannel("shopify.reship")[0]!.payload).toMatchObject({ order_id: ORDER_ID, reason: "lost in transit" });
    expect(app.slack.messages.map((m) => m.text)).toContain("Reshipping #9999");

    const detail = (await h.app.server.inject({ method: "GET", url: `/api/runs/${run.id}`, headers: bearer })).json().run;
    expect(detail.decisions[0]).toMatchObject({ stepId: "ask", decision: "approve", by: "ops@snowdevil.com" });
    expect(detail.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(["ask:done", "reship:done", "tell-team:done"]);
  });

  it("a rejection takes the rejection path", async () => {
    const h = await app.start();
    await loseTheParcel(h);
    const [run] = await h.app.store.listRuns({ status: "awaiting_approval" });
    const res = await h.app.server.inject({ method: "POST", url: `/api/runs/${run!.id}/approval`, headers: bearer, payload: { decision: "reject", by: "owner", note: "customer asked for a refund instead" } });
    expect(res.json().run).toMatchObject({ status: "rejected" });
    await h.app.worker.runUntilIdle();
    expect(app.slack.messages.map((m) => m.text)).toEqual(expect.arrayContaining(["Reship of #9999 declined"]));
    expect((await h.app.store.listOutbox({ orderId: ORDER_ID })).some((a) => a.channel === "shopify.reship")).toBe(false);
  });

  it("refuses to boot on a malformed flow and names the file, line and key", async () => {
    const broken = lostParcelFlow.replace("action: alert.team\n    input: { text: 'Reshipping", "action: alert.teem\n    input: { text: 'Reshipping");
    await expect(startHarness({ flowsDir: tempFolder({ "lost.yaml": broken }) })).rejects.toThrow(FlowSetupError);
    await expect(startHarness({ flowsDir: tempFolder({ "lost.yaml": broken }) })).rejects.toThrow(/lost\.yaml:2\d:\d+ steps\.2\.action: ACTION_UNKNOWN .*alert\.team/);
  });

  it("a flow switched off for the shop does not run", async () => {
    const h = await app.start({ shops: [{ domain: SHOP, webhookSecrets: ["shpss_test_current_secret"], disabledFlows: ["lost-parcel-reship"] }] });
    await loseTheParcel(h);
    expect(await h.app.store.listRuns({ flowId: "lost-parcel-reship" })).toHaveLength(0);
    // The built-in exception alert still ran: switching one flow off leaves the others alone.
    const ran = (await h.app.store.listRuns({})).map((r) => r.flowId);
    expect(ran).toContain("exception-alert");
    expect(ran).toContain("exception-notice"); // the customer's side of the same signal
    expect(ran).not.toContain("lost-parcel-reship");
  });
});
