/**
 * The vendor-neutral channels the delivery rules act through. app.ts binds each to a connector
 * (Klaviyo, Slack); the rules never name a vendor.
 */
export const Channels = {
  /** A customer-facing metric event (bound to Klaviyo's Create Event). */
  notifyCustomer: "notify.customer",
  /** Profile properties on the customer, e.g. ops_hold (bound to Klaviyo's profile import). */
  customerProfile: "customer.profile",
  /** An internal alert to the team (bound to a Slack incoming webhook). */
  alertTeam: "alert.team",
  /** A case a human must look at before anything else happens. Never dispatched automatically. */
  reviewEscalation: "review.escalation",
  /** A signed JSON POST to the shop's own endpoint (bound to the outbound webhook connector). */
  webhookSend: "webhook.send",
} as const;
