import { expect, it } from "vitest";
import { onEveryBackend } from "./backends.js";
import { migratedBackTo } from "./migrate-to.js";
import { delivery, ticketMessagePayload } from "./builders.js";

onEveryBackend("Events by ticket (migration 0010)", (open) => {
  it("fills in the ticket of every ticket event stored before it, and leaves the others null", async (ctx) => {
    const store = await open();
    try {
      const { db, migrateToLatest } = await migratedBackTo(store, ctx, "0009_projection_batches");
      // Rows as the append wrote them before 0010: no ticket column yet.
      const message = delivery({ source: "gorgias", orderKey: null, payload: ticketMessagePayload("gorgias", "T7", "m1") });
      const order = delivery({ orderKey: "o-1" });
      for (const d of [message, order]) {
        await db
          .insertInto("events")
          .values({ id: d.eventId, shop: d.event.shop, source: d.event.source, topic: d.event.topic, occurred_at: d.event.occurredAt, received_at: d.receivedAt, delivery_id: d.event.deliveryId, order_key: d.event.orderKey, tracking_key: d.event.trackingKey, payload: JSON.stringify(d.event.payload), raw_body_id: null })
          .execute();
      }
      expect(await migrateToLatest()).toEqual({ ok: true, applied: ["0010_events_by_ticket", "0011_recent_first", "0012_journey_digests", "0013_outbox_by_update"] });
      const keys = await db.selectFrom("events").select(["id", "ticket_key"]).orderBy("seq").execute();
      expect(keys).toEqual([
        { id: message.eventId, ticket_key: "gorgias:T7" },
        { id: order.eventId, ticket_key: null },
      ]);
      expect((await store.listEvents({ shop: message.event.shop, tickets: [{ helpdesk: "gorgias", ticketId: "T7" }] })).map((e) => e.id)).toEqual([message.eventId]);
    } finally {
      await store.close();
    }
  });
});
