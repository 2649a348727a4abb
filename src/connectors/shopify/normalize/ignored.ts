import { z } from "zod";
import { buildEvent, type ShopifyNormalizer } from "./common.js";

const MaybeTimestamps = z.object({ updated_at: z.unknown(), created_at: z.unknown() });

/** A topic Firebreak stores but does not act on: kept in the log, invisible to projections. */
export const ignoredEvent: ShopifyNormalizer = (delivery, body) => {
  const t = MaybeTimestamps.safeParse(body);
  return buildEvent(delivery, {
    timestamps: t.success ? [t.data.updated_at, t.data.created_at] : [],
    orderKey: null,
    trackingKey: null,
    payload: { kind: "ignored", topic: delivery.topic },
  });
};
