import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/harness.js";
import { ORDER_ID } from "../helpers/payloads.js";
import { loseTheParcel, useLostParcelApp } from "../helpers/lost-parcel.js";

const app = useLostParcelApp();

const get = (url: string) => app.h.app.server.inject({ method: "GET", url, headers: bearer });
const post = (url: string, payload: unknown) => app.h.app.server.inject({ method: "POST", url, headers: bearer, payload: payload as Record<string, unknown> });

/** A lost parcel on a 404.95 order: the lost-parcel flow asks a human, and the built-in exception alert escalates (over the 150 order-value threshold). */
async function lostParcelQueue() {
  await loseTheParcel(await app.start());
  const res = await get("/api/review");
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<Record<string, unknown> & { id: string; kind: string }>;
}

describe("the review queue", () => {
  it("lists the approval and the escalation, oldest first, each with its reasons and the live order", async () => {
    const items = await lostParcelQueue();
    expect(items.map((i) => i.kind).sort()).toEqual(["approval", "escalation"]);
    const approval = items.find((i) => i.kind === "approval")!;
    expect(approval).toMatchObject({ title: "Reship #9999 (1z827wk74630)?", orderId: ORDER_ID, flow: { id: "lost-parcel-reship", version: 1, stepId: "ask" }, draft: null });
    expect(approval.order).toMatchObject({ name: "#9999", totalPrice: "404.95", shipments: [{ trackingNumber: "1z827wk74630", tag: "Exception", subtag: "Exception_013" }] });
    const escalation = items.find((i) => i.kind === "escalation")!;
    expect(escalation).toMatchObject({ id: expect.stringMatching(/^action:/), title: "a delivery exception on a valuable order or a repeat customer", orderId: ORDER_ID });
    expect((await get("/api/review?kind=escalation")).json().items.map((i: { id: string }) => i.id)).toEqual([escalation.id]);
    const times = items.map((i) => i.requestedAt as string);
    expect([...times].sort()).toEqual(times);
  });

  it("approving a flow's gate moves the run on once; who and when are kept; a second decision is refused", async () => {
    const items = await lostParcelQueue();
    const approval = items.find((i) => i.kind === "approval")!;
    app.h.clock.set("2026-11-05T12:30:00.000Z");
    const ok = await post(`/api/review/${approval.id}/approve`, { by: "ops@snowdevil.com", note: "valuable customer" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().decision).toMatchObject({ itemId: approval.id, itemKind: "approval", decision: "approve", by: "ops@snowdevil.com", at: "2026-11-05T12:30:00.000Z", note: "valuable customer" });
    expect(ok.json().enqueued).toHaveLength(2); // the reship and the team message

    const again = await post(`/api/review/${approval.id}/reject`, { by: "owner", reason: "changed my mind" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("REVIEW_ITEM_CLOSED");
    expect((await get("/api/review")).json().items.map((i: { kind: string }) => i.kind)).toEqual(["escalation"]);

    const runId = approval.id.replace("run:", "");
    const run = (await get(`/api/runs/${runId}`)).json().run;
    expect(run.decisions[0]).toMatchObject({ stepId: "ask", decision: "approve", by: "ops@snowdevil.com", at: "2026-11-05T12:30:00.000Z", note: "valuable customer" });
    const log = (await get(`/api/review/decisions?item=${encodeURIComponent(approval.id)}`)).json().decisions;
    expect(log).toHaveLength(1);
  });

  it("a rejection needs a reason and takes the flow's rejection path", async () => {
    const items = await lostParcelQueue();
    const approval = items.find((i) => i.kind === "approval")!;
    const noReason = await post(`/api/review/${approval.id}/reject`, { by: "owner" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("reason") });
    const res = await post(`/api/review/${approval.id}/reject`, { by: "owner", reason: "customer asked for a refund instead" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().decision).toMatchObject({ decision: "reject", note: "customer asked for a refund instead" });
    await app.h.app.worker.runUntilIdle();
    expect(app.slack.messages.map((m) => m.text)).toContain("Reship of #9999 declined");
  });

  it("an approval is edited through its input, never its text; an escalation has nothing to edit", async () => {
    const items = await lostParcelQueue();
    const approval = items.find((i) => i.kind === "approval")!;
    const escalation = items.find((i) => i.kind === "escalation")!;
    const text = await post(`/api/review/${approval.id}/approve`, { by: "ops", text: "hello" });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toMatch(/not a draft/);
    const edit = await post(`/api/review/${escalation.id}/approve`, { by: "ops", input: { reason: "x" } });
    expect(edit.statusCode).toBe(400);
  });

  it("taking an escalation closes it for good and keeps who took it; dismissing one needs a reason", async () => {
    const items = await lostParcelQueue();
    const escalation = items.find((i) => i.kind === "escalation")!;
    const dismiss = await post(`/api/review/${escalation.id}/reject`, { by: "ops" });
    expect(dismiss.statusCode).toBe(400);
    const took = await post(`/api/review/${escalation.id}/approve`, { by: "sam@snowdevil.com", note: "calling the carrier" });
    expect(took.statusCode, took.body).toBe(200);
    const row = await app.h.app.store.getOutbox(escalation.id.replace("action:", ""));
    expect(row).toMatchObject({ status: "delivered" });
    const twice = await post(`/api/review/${escalation.id}/approve`, { by: "sam@snowdevil.com" });
    expect(twice.json().error.code).toBe("REVIEW_ITEM_CLOSED");
    expect((await get("/api/review/decisions")).json().decisions).toEqual([expect.objectContaining({ itemId: escalation.id, itemKind: "escalation", decision: "approve", by: "sam@snowdevil.com", note: "calling the carrier" })]);
  });

  it("answers unknown items, bad queries and unknown fields with stable codes", async () => {
    await lostParcelQueue();
    expect((await post("/api/review/run:nope/approve", { by: "ops" })).json().error.code).toBe("NOT_FOUND");
    expect((await post("/api/review/action:nope/approve", { by: "ops" })).statusCode).toBe(404);
    expect((await get("/api/review?kind=weird")).statusCode).toBe(400);
    expect((await post("/api/review/run:nope/approve", { by: "ops", refund: true })).statusCode).toBe(400);
    expect((await post("/api/review/run:nope/approve", {})).json().error.message).toMatch(/by/);
    expect((await app.h.app.server.inject({ method: "GET", url: "/api/review" })).statusCode).toBe(401);
  });
});
