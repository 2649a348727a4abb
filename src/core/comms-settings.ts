import { z } from "zod";

/** The send-time rules for customer messages (src/core/send-truth.ts), per shop. */
export const CommsSettings = z.object({
  /** A message about a fact older than this (its `event_time`) is not sent: old news misleads. */
  stalenessHours: z.number().min(1).default(72),
  /** At most `max` post-purchase messages per customer in `perHours`; `exempt` metrics always go and do not count. */
  frequencyCap: z
    .object({
      max: z.number().int().min(1).default(6),
      perHours: z.number().min(1).default(24),
      exempt: z.array(z.string().min(1)).default(["Delivery Exception"]),
    })
    .default({ max: 6, perHours: 24, exempt: ["Delivery Exception"] }),
  /** Metrics the shop's Klaviyo flows may send as SMS: they wait out `quietHours` (the window's times; its channel list is for outbox channels). */
  smsMetrics: z.array(z.string().min(1)).default([]),
});
export type CommsSettings = z.infer<typeof CommsSettings>;

export const defaultCommsSettings: CommsSettings = CommsSettings.parse({});
