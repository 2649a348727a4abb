/**
 * The AfterShip and Shippo fixtures are API responses (tracking objects), not webhook deliveries.
 * These helpers wrap them in each vendor's documented webhook envelope so that the normalizers see
 * what would arrive over HTTP:
 * - AfterShip: `{event: "tracking_update", event_id, is_tracking_first_tag, msg: <tracking>, ts}`
 * - Shippo:    `{event: "track_updated", test, data: <track>}`
 */

export function afterShipWebhook(tracking: unknown, opts: { eventId?: string; ts?: number; firstTag?: boolean } = {}): Record<string, unknown> {
  return {
    event: "tracking_update",
    event_id: opts.eventId ?? "c9a0e4b2-3f3e-4d1f-9b7a-1b2c3d4e5f60",
    is_tracking_first_tag: opts.firstTag ?? false,
    msg: tracking,
    ts: opts.ts ?? 1616729868,
  };
}

export function shippoWebhook(track: unknown, opts: { test?: boolean; event?: string } = {}): Record<string, unknown> {
  return { event: opts.event ?? "track_updated", test: opts.test ?? false, data: track };
}

/** The tracking object inside an AfterShip v4 `GET /trackings/...` response body. */
export function afterShipTrackingOf(response: unknown): unknown {
  return (response as { data: { tracking: unknown } }).data.tracking;
}
