import type { Intent } from "./intents.js";

/**
 * Bitext's 27 intents onto ours. `null` drops a Bitext intent whose requests a Shopify store
 * inbox files nowhere useful; none are dropped today, but the type keeps the choice explicit.
 * Asking for an agent is a handover signal, not an intent: those requests are "other/question"
 * and the handover rules catch the ask.
 */
export const BITEXT_TO_INTENT: Readonly<Record<string, Intent | null>> = {
  track_order: "shipping/status",
  delivery_period: "shipping/status",
  delivery_options: "shipping/policy",
  change_shipping_address: "shipping/change",
  set_up_shipping_address: "shipping/change",
  cancel_order: "order/cancel",
  check_cancellation_fee: "order/cancel",
  change_order: "order/change",
  place_order: "other/question",
  get_refund: "refund/request",
  track_refund: "refund/status",
  check_refund_policy: "return/policy",
  payment_issue: "payment/issue",
  check_payment_methods: "payment/issue",
  check_invoice: "payment/issue",
  get_invoice: "payment/issue",
  create_account: "account/help",
  edit_account: "account/help",
  delete_account: "account/help",
  switch_account: "account/help",
  recover_password: "account/help",
  registration_problems: "account/help",
  newsletter_subscription: "account/help",
  review: "feedback",
  complaint: "feedback",
  contact_human_agent: "other/question",
  contact_customer_service: "other/question",
};
