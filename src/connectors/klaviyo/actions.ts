import { z } from "zod";
import { defineAction, type ActionDefinition, type PayloadContext, type PayloadResult } from "../../flows/catalog/action.js";
import { describeIssues } from "../../flows/catalog/issues.js";
import { KlaviyoEventPayload, type KlaviyoProfileRef } from "./event-body.js";
import { KlaviyoProfilePayload } from "./profile-body.js";
import { PropertyMap } from "../../core/property-map.js";

/**
 * Who the action is about, when not the run's customer. It replaces the context's identity as a
 * whole: merging an override email with the original customer's id would make Klaviyo merge two
 * people's profiles.
 */
export const ProfileOverride = z
  .strictObject({
    email: z.string().min(1).optional(),
    phone_number: z.string().min(1).optional(), // E.164
    external_id: z.string().min(1).optional(),
  })
  .refine((p) => p.email !== undefined || p.phone_number !== undefined || p.external_id !== undefined, {
    message: "needs an email, phone_number or external_id",
  });
export type ProfileOverride = z.infer<typeof ProfileOverride>;

/**
 * `notify.customer`: a metric event on the customer's Klaviyo profile, which the shop's Klaviyo
 * flows turn into the e-mail or SMS. Strict, so a misspelt key fails at load instead of vanishing.
 * `value` and `value_currency` take null (an order without a total) as absent.
 */
export const NotifyCustomerInput = z.strictObject({
  metric: z.string().min(1).max(127), // Klaviyo: "must be less than 128 characters"
  properties: PropertyMap.default({}),
  profile: ProfileOverride.optional(),
  value: z.number().nullable().optional(),
  value_currency: z.string().length(3).nullable().optional(), // ISO 4217
  /** Record the event without triggering the shop's Klaviyo flows (imports, catching up on history). */
  backfill: z.boolean().optional(),
});
export type NotifyCustomerInput = z.infer<typeof NotifyCustomerInput>;

/** `customer.profile`: custom properties to set and to remove, e.g. `ops_hold`. */
export const CustomerProfileInput = z
  .strictObject({
    properties: PropertyMap.default({}),
    unset: z.array(z.string().min(1)).default([]),
    profile: ProfileOverride.optional(),
  })
  .refine((p) => Object.keys(p.properties).length > 0 || p.unset.length > 0, { message: "sets no property and unsets none: nothing to do" })
  .refine((p) => !p.unset.some((k) => k in p.properties), { message: "a property cannot be both set and unset", path: ["unset"] });
export type CustomerProfileInput = z.infer<typeof CustomerProfileInput>;

/**
 * The identity the engine knows, in Klaviyo's terms: only the identifiers that are set. Fields are
 * added one by one, not spread from small conditional objects: every customer-facing or profile
 * action builds these, and on Node 20 those spreads were 1–2 % of a replay through every flow.
 */
export function profileFromContext(ctx: PayloadContext): Pick<KlaviyoProfileRef, "email" | "phone_number" | "external_id"> {
  const c = ctx.customer;
  const profile: Pick<KlaviyoProfileRef, "email" | "phone_number" | "external_id"> = {};
  if (c?.email) profile.email = c.email;
  if (c?.phone) profile.phone_number = c.phone;
  if (c?.id) profile.external_id = c.id;
  return profile;
}

/**
 * What app.ts's `customer.profile` binding sends to the `klaviyo.profile` channel. Exported so the
 * binding and the enqueue-time check below cannot drift apart.
 */
export function customerProfileToKlaviyo(p: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = Object.assign({}, p.profile as Record<string, unknown>);
  wire.properties = p.properties;
  if (Array.isArray(p.unset)) wire.unsetProperties = p.unset;
  return wire;
}

export function klaviyoActions(): ActionDefinition[] {
  return [
    defineAction({
      id: "notify.customer",
      description: "Records a metric event (e.g. Order Delayed) on the customer's Klaviyo profile; the shop's Klaviyo flow sends the message",
      category: "notification",
      channel: "notify.customer",
      input: NotifyCustomerInput,
      irreversible: true, // a sent e-mail cannot be unsent
      approval: "policy",
      customerFacing: true,
      // Klaviyo decides the medium in the shop's flow; e-mail is what these metrics usually drive.
      channelKind: "email",
      toPayload: notifyCustomerPayload,
    }),
    defineAction({
      id: "customer.profile",
      description: "Sets or removes custom properties on the customer's Klaviyo profile (e.g. ops_hold, which keeps promotions back)",
      category: "profile",
      channel: "customer.profile",
      input: CustomerProfileInput,
      irreversible: false,
      // Reversible bookkeeping that pairs with its own release: gating one half would leave holds stuck.
      approval: "never",
      customerFacing: false,
      toPayload: customerProfilePayload,
    }),
  ];
}

function notifyCustomerPayload(input: NotifyCustomerInput, ctx: PayloadContext): PayloadResult {
  const payload: { profile: object } & Record<string, unknown> = { metric: input.metric, profile: input.profile ?? profileFromContext(ctx), properties: input.properties, time: ctx.now };
  if (input.value != null) payload.value = input.value;
  if (input.value_currency != null) payload.valueCurrency = input.value_currency;
  if (input.backfill === true) payload.backfill = true;
  // Klaviyo keeps the first event per (profile, metric, unique_id): a resend after a crash is harmless.
  payload.uniqueId = ctx.idempotencyKey;
  return checked("notify.customer", payload, payload, KlaviyoEventPayload);
}

function customerProfilePayload(input: CustomerProfileInput, ctx: PayloadContext): PayloadResult {
  const payload: { profile: object } & Record<string, unknown> = { profile: input.profile ?? profileFromContext(ctx), properties: input.properties };
  if (input.unset.length > 0) payload.unset = input.unset;
  return checked("customer.profile", payload, customerProfileToKlaviyo(payload), KlaviyoProfilePayload);
}

/**
 * Checks at enqueue time what the channel would otherwise reject at send time (usually a customer
 * without any identifier), so the run's step fails with a reason instead of a dead letter later.
 */
function checked(id: string, payload: { profile: object } & Record<string, unknown>, wire: unknown, schema: z.ZodType): PayloadResult {
  if (Object.keys(payload.profile).length === 0) {
    return { ok: false, code: "ACTION_PAYLOAD_INVALID", message: `${id}: the run's customer has no email, phone or id to reach them by; set input.profile` };
  }
  const parsed = schema.safeParse(wire);
  if (parsed.success) return { ok: true, payload };
  return { ok: false, code: "ACTION_PAYLOAD_INVALID", message: `${id}: ${describeIssues(parsed.error.issues, wire, "payload")}` };
}
