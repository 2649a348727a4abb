import { z } from "zod";
import { PropertyMap } from "../../core/property-map.js";
import { defineAction, type ActionDefinition } from "../../flows/catalog/action.js";

/** `webhook.send`: an event name and the data a brand's other tool needs, e.g. `{ event: order.delayed, data: {…} }`. */
export const WebhookSendInput = z.strictObject({
  event: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "lower-case letters, digits, '.', '_' or '-'").max(100),
  data: PropertyMap.default({}),
});
export type WebhookSendInput = z.infer<typeof WebhookSendInput>;

/** The outbox payload is the validated input. */
export const WebhookSendPayload = WebhookSendInput;
export type WebhookSendPayload = WebhookSendInput;

export function webhookActions(): ActionDefinition[] {
  return [
    defineAction({
      id: "webhook.send",
      description: "POSTs a signed JSON event to the shop's outbound webhook (n8n, Shopify Flow, Zapier or any HTTPS endpoint)",
      category: "internal_alert",
      channel: "webhook.send",
      input: WebhookSendInput,
      irreversible: false,
      approval: "never",
      customerFacing: false,
    }),
  ];
}
