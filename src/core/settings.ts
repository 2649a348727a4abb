import { z } from "zod";
import { QuietHours } from "./quiet-hours.js";
import { CommsSettings, defaultCommsSettings } from "./comms-settings.js";

/**
 * Per-shop operating settings the pure core needs. Validated at boot by the config loader;
 * the core only ever sees a parsed value.
 */
export const BusinessCalendar = z.object({
  /** ISO weekday numbers that are not business days (1 = Monday … 7 = Sunday). */
  closedWeekdays: z.array(z.number().int().min(1).max(7)).default([6, 7]),
  /** Dates (YYYY-MM-DD) that are not business days. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  /** IANA time zone in which business days are counted. */
  timeZone: z.string().default("UTC"),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

export const MerchantPromise = z.object({
  processingDays: z.number().int().min(0).default(2),
  /** Transit business days per shipping method (code or title); `default` when no method matches. */
  transitDays: z.record(z.string(), z.number().int().min(0)).default({ default: 5 }),
});
export type MerchantPromise = z.infer<typeof MerchantPromise>;

export const SignalThresholds = z.object({
  /** Not fulfilled this many business days after the order. */
  fulfillmentStalledDays: z.number().int().min(1).default(3),
  /** Label created, no carrier pickup scan for this many business days. */
  pickupStalledDays: z.number().int().min(1).default(2),
  /** In transit, no carrier scan for this many business days. */
  transitStalledDays: z.number().int().min(1).default(4),
  /** A carrier estimate that moves later by at least this many hours counts as a revision. */
  eddRevisedMinHours: z.number().min(0).default(24),
});
export type SignalThresholds = z.infer<typeof SignalThresholds>;

export const EscalationThresholds = z.object({
  /** Exceptions on orders worth at least this (shop currency) go to human review. */
  orderValue: z.number().min(0).default(150),
  /** Exceptions for customers with at least this many orders go to human review. */
  customerOrders: z.number().int().min(1).default(3),
});
export type EscalationThresholds = z.infer<typeof EscalationThresholds>;

/**
 * Support triage: which intents always go to a person (refunds outside policy, damaged or wrong
 * items, disputes, cancellations and the retention offers they invite), and the helpdesk teams
 * (Gorgias team / Zendesk group ids) each lane assigns to; a lane with no team assigns nothing.
 */
export const TriageSettings = z.object({
  humanIntents: z.array(z.string()).default(["refund/request", "order/damaged", "order/wrong", "order/cancel", "subscription/cancel", "risk/dispute", "payment/issue"]),
  teams: z.object({ vip: z.string().default(""), human: z.string().default(""), normal: z.string().default("") }).default({ vip: "", human: "", normal: "" }),
});
export type TriageSettings = z.infer<typeof TriageSettings>;

export const ShopSettings = z.object({
  /** Customer-facing channels that wait out the night in the shop's time zone. */
  quietHours: QuietHours.optional(),
  calendar: BusinessCalendar.default({ closedWeekdays: [6, 7], holidays: [], timeZone: "UTC" }),
  promise: MerchantPromise.default({ processingDays: 2, transitDays: { default: 5 } }),
  signals: SignalThresholds.default({ fulfillmentStalledDays: 3, pickupStalledDays: 2, transitStalledDays: 4, eddRevisedMinHours: 24 }),
  escalation: EscalationThresholds.default({ orderValue: 150, customerOrders: 3 }),
  triage: TriageSettings.default(() => TriageSettings.parse({})),
  /** Send-time rules for post-purchase messages: staleness, frequency cap, SMS quiet hours. */
  comms: CommsSettings.default(defaultCommsSettings),
});
export type ShopSettings = z.infer<typeof ShopSettings>;

export const defaultShopSettings: ShopSettings = ShopSettings.parse({});
