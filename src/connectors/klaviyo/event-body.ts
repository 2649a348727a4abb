import { z } from "zod";
import { PropertyMap } from "../../core/property-map.js";

/** Who the event is about. Klaviyo needs at least one identifier to attach it to a profile. */
export const KlaviyoProfileRef = z
  .object({
    email: z.string().min(1).optional(),
    phone_number: z.string().min(1).optional(), // E.164
    external_id: z.string().min(1).optional(),
    properties: PropertyMap.optional(),
  })
  .refine((p) => p.email !== undefined || p.phone_number !== undefined || p.external_id !== undefined, {
    message: "profile needs an email, phone_number or external_id",
  });
export type KlaviyoProfileRef = z.infer<typeof KlaviyoProfileRef>;

/** An event ready to send: `uniqueId` is what Klaviyo dedupes on (per profile and metric). */
export const KlaviyoEventInput = z.object({
  metric: z.string().min(1).max(127), // Klaviyo: "must be less than 128 characters"
  profile: KlaviyoProfileRef,
  properties: PropertyMap,
  time: z.iso.datetime({ offset: true }),
  value: z.number().optional(),
  valueCurrency: z.string().length(3).optional(), // ISO 4217
  uniqueId: z.string().min(1),
  /** Recorded on the profile's timeline without triggering the shop's Klaviyo flows: imports and replays of history. */
  backfill: z.boolean().optional(),
});
export type KlaviyoEventInput = z.infer<typeof KlaviyoEventInput>;

/** The `klaviyo.event` outbox payload: `uniqueId` may be left to the action's idempotency key. */
export const KlaviyoEventPayload = KlaviyoEventInput.extend({ uniqueId: z.string().min(1).optional() });
export type KlaviyoEventPayload = z.infer<typeof KlaviyoEventPayload>;

export interface KlaviyoEventBody {
  data: {
    type: "event";
    attributes: {
      properties: Record<string, unknown>;
      time: string;
      value?: number;
      value_currency?: string;
      unique_id: string;
      backfill?: boolean;
      metric: { data: { type: "metric"; attributes: { name: string } } };
      profile: { data: { type: "profile"; attributes: Record<string, unknown> } };
    };
  };
}

/** JSON:API body for `POST /api/events` (EventCreateQueryV2, revision 2026-07-15). */
export function buildEventBody(input: KlaviyoEventInput): KlaviyoEventBody {
  const attributes: KlaviyoEventBody["data"]["attributes"] = {
    properties: input.properties,
    time: input.time,
    unique_id: input.uniqueId,
    metric: { data: { type: "metric", attributes: { name: input.metric } } },
    profile: { data: { type: "profile", attributes: profileAttributes(input.profile) } },
  };
  if (input.value !== undefined) attributes.value = input.value;
  if (input.valueCurrency !== undefined) attributes.value_currency = input.valueCurrency;
  if (input.backfill === true) attributes.backfill = true;
  return { data: { type: "event", attributes } };
}

/** Only the fields that are set: an absent field leaves Klaviyo's value alone, a null would clear it. */
export function profileAttributes(p: KlaviyoProfileRef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.email !== undefined) out.email = p.email;
  if (p.phone_number !== undefined) out.phone_number = p.phone_number;
  if (p.external_id !== undefined) out.external_id = p.external_id;
  if (p.properties !== undefined) out.properties = p.properties;
  return out;
}
