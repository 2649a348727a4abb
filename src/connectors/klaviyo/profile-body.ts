import { z } from "zod";
import { KlaviyoProfileRef, profileAttributes } from "./event-body.js";

/**
 * The `klaviyo.profile` outbox payload: identifiers, the custom properties to set, and the ones to
 * remove. Klaviyo's segments read them — `ops_hold: true` keeps a customer out of promotional sends
 * while an order of theirs is in trouble.
 */
export const KlaviyoProfilePayload = KlaviyoProfileRef.safeExtend({
  unsetProperties: z.array(z.string().min(1)).optional(),
});
export type KlaviyoProfilePayload = z.infer<typeof KlaviyoProfilePayload>;

export interface KlaviyoProfileImportBody {
  data: {
    type: "profile";
    attributes: Record<string, unknown>;
    meta?: { patch_properties: { unset: string[] } };
  };
}

/** JSON:API body for `POST /api/profile-import` (ProfileUpsertQuery): an upsert keyed by identifier. */
export function buildProfileImportBody(payload: KlaviyoProfilePayload): KlaviyoProfileImportBody {
  const { unsetProperties, ...profile } = payload;
  const body: KlaviyoProfileImportBody = { data: { type: "profile", attributes: profileAttributes(profile) } };
  if (unsetProperties !== undefined && unsetProperties.length > 0) {
    body.data.meta = { patch_properties: { unset: unsetProperties } };
  }
  return body;
}

export type OpsHold = { active: true; reason: string; orderName: string } | { active: false };

/**
 * The hold as a profile patch. Releasing removes the reason and order with
 * `meta.patch_properties.unset` (Klaviyo's documented way to delete a custom property), so a
 * stale reason never lingers in a segment.
 */
export function opsHoldPatch(hold: OpsHold): Pick<KlaviyoProfilePayload, "properties" | "unsetProperties"> {
  return hold.active
    ? { properties: { ops_hold: true, ops_hold_reason: hold.reason, ops_hold_order: hold.orderName } }
    : { properties: { ops_hold: false }, unsetProperties: ["ops_hold_reason", "ops_hold_order"] };
}
