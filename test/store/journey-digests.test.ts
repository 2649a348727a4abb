import { expect, it } from "vitest";
import { journeyDigestOf } from "../../src/core/journey-digest.js";
import { journeyToRow } from "../../src/store/rows.js";
import { onEveryBackend } from "./backends.js";
import { migratedBackTo } from "./migrate-to.js";
import { journey, write } from "./builders.js";
import { shipment } from "../flows/catalog/flow-context.js";

onEveryBackend("Journey digests (migration 0012)", (open) => {
  it("gives a journey stored before it its digest from the journey's JSON, until the order is folded again", async (ctx) => {
    const store = await open();
    try {
      const { db, migrateToLatest } = await migratedBackTo(store, ctx, "0011_recent_first");
      // A row as the projection wrote it before 0012: no digest column yet.
      const old = journey("o-old", { asOf: "2026-03-01T00:00:00.000Z", shipments: [shipment({ tag: "Exception" })] });
      const { digest: _, ...before0012 } = journeyToRow(old);
      await db.insertInto("journeys").values(before0012).execute();
      expect(await migrateToLatest()).toEqual({ ok: true, applied: ["0012_journey_digests", "0013_outbox_by_update"] });
      expect(await db.selectFrom("journeys").select(["order_id", "digest"]).execute()).toEqual([{ order_id: "o-old", digest: null }]);

      const fresh = journey("o-new", { asOf: "2026-03-02T00:00:00.000Z" });
      await store.applyProjection(write({ journeys: [fresh] }));
      expect(await store.journeyDigests(10)).toEqual([journeyDigestOf(fresh), journeyDigestOf(old)]);
      expect((await store.journeyDigests(10))[1]!.shipmentTags).toEqual(["Exception"]);
      // A row with its digest is read without its journey's JSON (the live page's point).
      await db.updateTable("journeys").set({ data: "{not json" }).where("order_id", "=", "o-new").execute();
      expect((await store.journeyDigests(1))[0]).toEqual(journeyDigestOf(fresh));

      await store.applyProjection(write({ journeys: [old] }));
      expect((await db.selectFrom("journeys").select("digest").where("order_id", "=", "o-old").executeTakeFirstOrThrow()).digest).not.toBeNull();
    } finally {
      await store.close();
    }
  });
});
